// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// The forum in the browser: someone from another town asks a question in a project's
// forum, a maintainer answers, the asker marks the answer and is told about the reply in
// the inbox. Also a group's forum, announcements only moderators start, pinning and
// locking, search, and a private project's forum hidden from outsiders.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    Forge, expectNoAxeViolations, launchBrowser, signedInContext, submit, visit,
} from './harness.mjs';

const P = '/town/permits';

describe('discussions in the browser', () => {
    let forge;
    let browser;
    let mia; // maintainer of the project through the group
    let ulf; // from another authority
    let eve;

    before(async () => {
        forge = await new Forge().start();
        for (const name of ['mia', 'ulf', 'eve'])
            forge.createUser(name);
        forge.createGroup('town');
        forge.addMember('town', 'mia', 'maintainer');
        forge.createProject('town/permits', 'public');
        forge.createProject('town/secret', 'private');
        browser = await launchBrowser();
        mia = await signedInContext(browser, forge, 'mia');
        ulf = await signedInContext(browser, forge, 'ulf');
        eve = await signedInContext(browser, forge, 'eve');
    });

    after(async () => {
        await browser?.close();
        await forge?.stop();
    });

    test('a question is answered and the answer marked', async () => {
        let page = ulf.page;
        await visit(page, `${P}/discussions`);
        const tabs = await page.locator('nav.tabs').last().textContent();
        assert.match(tabs, /Announcements/);
        assert.match(tabs, /Questions/);
        assert.match(tabs, /Ideas/);
        await submit(page, page.getByRole('link', { name: 'New discussion' }));
        // Announcements are not offered to someone who does not moderate.
        const options = await page.getByLabel('Category').locator('option').allTextContents();
        assert.deepEqual(options, ['Questions', 'Ideas']);
        await page.getByLabel('Category').selectOption({ label: 'Questions' });
        await page.getByLabel('Title').fill('Does the permit form support e-signatures?');
        await page.getByLabel('Text (Markdown)').fill('We need **qualified** signatures in Kleinstadt.');
        await submit(page, page.getByRole('button', { name: 'Start discussion' }));
        assert.equal(new URL(page.url()).pathname, `${P}/discussions/1`);
        assert.equal(await page.locator('#opening-post strong').textContent(), 'qualified');
        await expectNoAxeViolations(page);

        page = mia.page;
        await visit(page, `${P}/discussions/1`);
        await page.getByLabel('Reply (Markdown)').last().fill('Yes: set `signature = qualified` in the settings, @ulf.');
        await submit(page, page.getByRole('button', { name: 'Reply', exact: true }));
        assert.match(await page.locator('.timeline .comment').first().textContent(), /signature = qualified/);
        // The maintainer may mark it too, but leaves that to the asker.
        assert.equal(await page.getByRole('button', { name: 'Mark as answer' }).count(), 1);

        page = ulf.page;
        await visit(page, '/notifications');
        assert.match(await page.locator('.notification-list').textContent(), /town\/permits 1/);
        await visit(page, `${P}/discussions/1`);
        await submit(page, page.getByRole('button', { name: 'Mark as answer' }));
        assert.equal(await page.locator('.timeline .accepted .accepted-answer').textContent(), 'Accepted answer');
        await expectNoAxeViolations(page);
        await visit(page, `${P}/discussions`);
        assert.match(await page.locator('.discussion-list').textContent(), /Answered/);

        // The answer's author hears of it.
        await visit(mia.page, '/notifications');
        assert.match(await mia.page.locator('.notification-list').textContent(), /answered/);
    });

    test('moderation, announcements, search', async () => {
        const page = mia.page;
        await visit(page, `${P}/discussions/new`);
        await page.getByLabel('Category').selectOption({ label: 'Announcements' });
        await page.getByLabel('Title').fill('Version 2.0 released');
        await page.getByLabel('Text (Markdown)').fill('Now with Straßenverzeichnis import.');
        await submit(page, page.getByRole('button', { name: 'Start discussion' }));
        const url = new URL(page.url()).pathname;
        await submit(page, page.getByRole('button', { name: 'Pin' }));
        await submit(page, page.getByRole('button', { name: 'Lock' }));
        assert.match(await page.locator('h1 + p').textContent(), /Pinned/);
        await visit(page, `${P}/discussions`);
        assert.match(await page.locator('.discussion-list li').first().textContent(), /Version 2\.0/);

        // Locked: no reply form for readers; a forged reply is refused.
        await visit(ulf.page, url);
        assert.equal(await ulf.page.getByLabel('Reply (Markdown)').count(), 0);
        assert.match(await ulf.page.locator('main').textContent(), /The discussion is locked/);
        const token = await ulf.page.locator('input[name=csrf]').first().getAttribute('value');
        const refused = await ulf.page.request.post(forge.url(`${url}/replies`), {
            form: { csrf: token, body: 'me too' }, headers: { Origin: forge.baseUrl }, maxRedirects: 0,
        });
        assert.equal(refused.status(), 403);

        await visit(page, `${P}/discussions?q=strassenverzeichnis`);
        const found = await page.locator('.discussion-list').textContent();
        assert.match(found, /Version 2\.0/);
        assert.doesNotMatch(found, /e-signatures/);
        await visit(page, `${P}/discussions?q=kleinstadt`);
        assert.match(await page.locator('.discussion-list').textContent(), /e-signatures/);
    });

    test('a group forum, and a private project forum hidden from outsiders', async () => {
        const page = eve.page;
        await visit(page, '/town/discussions');
        await submit(page, page.getByRole('link', { name: 'New discussion' }));
        await page.getByLabel('Category').selectOption({ label: 'Ideas' });
        await page.getByLabel('Title').fill('Share one address register between towns');
        await submit(page, page.getByRole('button', { name: 'Start discussion' }));
        assert.equal(new URL(page.url()).pathname, '/town/discussions/1');
        await expectNoAxeViolations(page);
        await visit(page, '/town/secret/discussions', 404);
        await visit(page, '/town/secret/discussions/1', 404);
        await visit(page, '/eve/discussions', 404); // users have no forum
    });
});
