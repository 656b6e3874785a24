// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Issues in the browser: someone from another authority reports a problem, the maintainer
// labels and assigns it, a comment mentions a colleague who finds it in the inbox, and a
// pushed commit "Fixes #1" closes it. Also a confidential report that an outsider cannot
// see, search and filters, templates, edit history, and the accessibility of the pages.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    Forge, Git, expectNoAxeViolations, launchBrowser, newContext, signedInContext, submit, tempDir,
    visit,
} from './harness.mjs';

const FULL = 'town/waste';
const P = `/${FULL}`;

describe('issues in the browser', () => {
    let forge;
    let browser;
    let mia;  // maintainer of the project (member of the group "town" as maintainer)
    let ulf;  // works for another authority: may read the public project only
    let carl; // a colleague of mia's, mentioned in a comment
    let eve;  // signed in, but no member of anything
    let git;
    let work;

    before(async () => {
        forge = await new Forge().start();
        for (const name of ['mia', 'ulf', 'carl', 'eve'])
            forge.createUser(name);
        forge.createGroup('town');
        forge.addMember('town', 'mia', 'maintainer');
        forge.addMember('town', 'carl', 'member');
        forge.createProject(FULL, 'public');
        git = new Git(path.join(forge.tmp, 'home'));
        work = tempDir(forge.tmp, 'work-');
        git.run(['init', '-q', '-b', 'main', work]);
        git.commit(work, 'Start', {
            'README.md': '# Waste collection\n',
            '.forge/ISSUE_TEMPLATE/bug.md':
                '---\ntitle: "Bug: "\n---\n## What happened\n\n## What you expected\n',
        });
        git.run(['remote', 'add', 'origin', forge.gitUrl(FULL, 'mia', 'correct horse battery')],
                { cwd: work });
        git.run(['push', '-q', 'origin', 'main'], { cwd: work });
        browser = await launchBrowser();
        mia = await signedInContext(browser, forge, 'mia');
        ulf = await signedInContext(browser, forge, 'ulf');
        carl = await signedInContext(browser, forge, 'carl');
        eve = await signedInContext(browser, forge, 'eve');
    });

    after(async () => {
        await browser?.close();
        await forge?.stop();
    });

    test('report, triage, mention, close by a pushed commit', async () => {
        // The maintainer prepares a label and a milestone.
        let page = mia.page;
        await visit(page, `${P}/labels`);
        await page.getByLabel('Name', { exact: true }).last().fill('bug');
        await page.getByLabel('Description', { exact: true }).last().fill('Something is broken');
        await submit(page, page.getByRole('button', { name: 'Create label' }));
        assert.match(await page.locator('.label-list').textContent(), /bug/);
        await expectNoAxeViolations(page);
        await visit(page, `${P}/milestones`);
        await page.getByLabel('Title').fill('Release 1.1');
        await page.getByLabel('Due date').fill('2027-03-31');
        await submit(page, page.getByRole('button', { name: 'Create milestone' }));
        assert.match(await page.locator('.milestone-list').textContent(), /Release 1\.1/);
        await expectNoAxeViolations(page);

        // Someone from another authority reports a problem from the bug template.
        page = ulf.page;
        await visit(page, `${P}/issues`);
        await submit(page, page.getByRole('link', { name: 'New issue' }));
        await submit(page, page.getByRole('link', { name: 'bug' }));
        assert.equal(await page.getByLabel('Title').inputValue(), 'Bug: ');
        assert.match(await page.getByLabel('Description (Markdown)').inputValue(), /## What happened/);
        await page.getByLabel('Title').fill('Pickup dates are off by one day');
        await page.getByLabel('Description (Markdown)').fill('The calendar shows **Tuesday**.');
        // A reader gets no triage fields.
        assert.equal(await page.getByRole('group', { name: 'Labels' }).count(), 0);
        await submit(page, page.getByRole('button', { name: 'Open issue' }));
        assert.equal(new URL(page.url()).pathname, `${P}/issues/1`);
        assert.equal(await page.locator('#description .markdown strong').textContent(), 'Tuesday');
        assert.equal(await page.locator('form#triage').count(), 0);
        await expectNoAxeViolations(page);

        // The maintainer labels, assigns, sets the milestone and mentions a colleague.
        page = mia.page;
        await visit(page, `${P}/issues/1`);
        await page.locator('form#triage').getByLabel('bug').check();
        await page.locator('form#triage').getByLabel('Assignees (user names, separated by commas)').fill('mia, carl');
        await page.locator('form#triage').getByLabel('Milestone').selectOption({ label: 'Release 1.1' });
        await submit(page, page.locator('form#triage').getByRole('button', { name: 'Save' }));
        const side = await page.locator('aside.issue-side').textContent();
        assert.match(side, /bug/);
        assert.match(side, /carl/);
        assert.match(side, /Release 1\.1/);
        const events = await page.locator('.timeline .event').allTextContents();
        assert.ok(events.some(text => /mia added the label bug/.test(text)), events.join('\n'));
        assert.ok(events.some(text => /mia assigned carl/.test(text)), events.join('\n'));
        await page.getByLabel('Comment (Markdown)').fill('@carl can you check the calendar export?');
        await submit(page, page.getByRole('button', { name: 'Comment', exact: true }));
        const mention = page.locator('.timeline .comment .markdown a', { hasText: '@carl' });
        assert.equal(await mention.getAttribute('href'), '/carl');
        await expectNoAxeViolations(page);

        // The colleague finds the mention (and the assignment) in the inbox.
        page = carl.page;
        await visit(page, '/');
        assert.match(await page.getByRole('link', { name: /Notifications/ }).textContent(), /\d/);
        assert.match(await page.locator('main').textContent(), /Pickup dates are off by one day/);
        await visit(page, '/notifications');
        const inbox = await page.locator('.notification-list').textContent();
        assert.match(inbox, /town\/waste#1/);
        assert.match(inbox, /mia mentioned you/);
        assert.match(inbox, /mia assigned you/);
        await expectNoAxeViolations(page);
        await submit(page, page.getByRole('button', { name: 'Mark all as read' }));
        assert.match(await page.locator('.notification-list').textContent(), /Nothing new/);

        // A commit on the default branch closes the issue before the push returns.
        const commit = git.commit(work, 'Count days from Monday\n\nFixes #1', { 'calendar.txt': 'monday\n' });
        git.run(['push', '-q', 'origin', 'main'], { cwd: work });
        page = ulf.page;
        await visit(page, `${P}/issues/1`);
        assert.match(await page.locator('.badge.state-closed').textContent(), /Closed/);
        const note = await page.locator('#closed-note').textContent();
        assert.match(note, /Closed as completed/);
        assert.equal(await page.locator('#closed-note a').last().getAttribute('href'),
                     `${P}/commit/${commit}`);
        const closed = await page.locator('.timeline .event').allTextContents();
        assert.ok(closed.some(text => /closed this issue with commit town\/waste@/.test(text)), closed.join('\n'));
        await visit(page, `${P}/issues?state=closed`);
        assert.match(await page.locator('.issue-list').textContent(), /Pickup dates/);
        await visit(page, `${P}/milestones`);
        assert.match(await page.locator('.milestone-list').textContent(), /100 % done: 0 open, 1 closed/);
    });

    test('a confidential report is hidden from other readers', async () => {
        let page = ulf.page;
        await visit(page, `${P}/issues/new`);
        await page.getByLabel('Title').fill('Login tokens leak into the log');
        await page.getByLabel(/Confidential/).check();
        await submit(page, page.getByRole('button', { name: 'Open issue' }));
        const url = new URL(page.url()).pathname;
        assert.match(url, /\/issues\/\d+$/);
        assert.match(await page.locator('h1 + p').textContent(), /Confidential/);

        // Another signed-in user and an anonymous visitor see nothing of it.
        await visit(eve.page, url, 404);
        await visit(eve.page, `${P}/issues?state=all`);
        assert.doesNotMatch(await eve.page.locator('main').textContent(), /Login tokens/);
        const anonymous = await newContext(browser, forge);
        const visitor = await anonymous.newPage();
        await visit(visitor, url, 404);
        await visit(visitor, `${P}/issues?state=all&q=tokens`);
        assert.match(await visitor.locator('.issue-list').textContent(), /No issues/);
        await anonymous.close();

        // Maintainers see it, and may comment; a reference to it from another issue is
        // linked for them.
        page = mia.page;
        await visit(page, url);
        assert.match(await page.locator('h1').textContent(), /Login tokens/);
        assert.equal(await page.locator('h1').count(), 1);
    });

    test('search, filters, edit history', async () => {
        const page = mia.page;
        for (const title of ['Straßenreinigung fehlt im Kalender', 'Glass containers missing'])  {
            await visit(page, `${P}/issues/new`);
            await page.getByLabel('Title').fill(title);
            await submit(page, page.getByRole('button', { name: 'Open issue' }));
        }
        const glass = new URL(page.url()).pathname;
        await page.getByLabel('Comment (Markdown)').fill('Reported by the recycling centre in Nordstadt, like #1.');
        await submit(page, page.getByRole('button', { name: 'Comment', exact: true }));

        assert.equal(await page.locator('.timeline .comment .markdown a', { hasText: '#1' }).getAttribute('href'),
                     `${P}/issues/1`);
        await visit(page, `${P}/issues/1`);
        const referenced = await page.locator('.timeline .event').allTextContents();
        assert.ok(referenced.some(text => /mia referenced this issue in town\/waste#\d+/.test(text)), referenced.join('\n'));
        await visit(page, `${P}/issues?q=strassenreinigung`);
        let list = await page.locator('.issue-list').textContent();
        assert.match(list, /Straßenreinigung/);
        assert.doesNotMatch(list, /Glass/);
        await visit(page, `${P}/issues?q=nordstadt`);
        list = await page.locator('.issue-list').textContent();
        assert.match(list, /Glass containers/);
        assert.doesNotMatch(list, /Straßen/);
        await visit(page, `${P}/issues?state=all&label=bug`);
        list = await page.locator('.issue-list').textContent();
        assert.match(list, /Pickup dates/);
        assert.doesNotMatch(list, /Glass/);
        await visit(page, `${P}/issues?state=open&author=mia&sort=oldest`);
        const titles = await page.locator('.issue-list > li > a').allTextContents();
        assert.deepEqual(titles.slice(0, 2), ['Straßenreinigung fehlt im Kalender', 'Glass containers missing']);
        await expectNoAxeViolations(page);

        // Editing a comment keeps the earlier text in the history.
        await visit(page, glass);
        await submit(page, page.locator('.timeline .comment').getByRole('link', { name: 'Edit' }));
        await page.getByLabel('Comment (Markdown)').fill('Reported by the recycling centre in Südstadt, like #1.');
        await submit(page, page.getByRole('button', { name: 'Save' }));
        assert.match(await page.locator('.timeline .comment .markdown').last().textContent(), /Südstadt/);
        await submit(page, page.locator('.timeline .comment').getByRole('link', { name: 'edited' }));
        assert.match(await page.locator('pre.previous').textContent(), /Nordstadt, like #1/);
        await expectNoAxeViolations(page);
    });

    test('readers may not triage, outsiders of private projects see nothing', async () => {
        forge.createProject('town/intern', 'private');
        await visit(eve.page, '/town/intern/issues', 404);
        await visit(eve.page, '/town/intern/issues/new', 404);
        await visit(eve.page, '/town/intern/labels', 404);
        // A reader's triage form post is refused (403) and changes nothing.
        const page = ulf.page;
        await visit(page, `${P}/issues/1`);
        const token = await page.locator('input[name=csrf]').first().getAttribute('value');
        const response = await page.request.post(forge.url(`${P}/issues/1/triage`), {
            form: { csrf: token, labels: 'bug', assignees: 'ulf', milestone: '0' },
            headers: { Origin: forge.baseUrl },
            maxRedirects: 0,
        });
        assert.equal(response.status(), 403);
        await visit(page, `${P}/issues/1`);
        assert.doesNotMatch(await page.locator('aside.issue-side').textContent(), /ulf/);
    });

    test('watching a project: new issues reach the inbox, confidential ones only those who may see them', async () => {
        await visit(carl.page, P);
        await submit(carl.page, carl.page.getByRole('button', { name: 'Watch: new issues and discussions' }));
        assert.equal(await carl.page.getByRole('button', { name: 'Stop watching' }).count(), 1);
        for (const [title, confidential] of [['Bins not emptied on holidays', false],
                                             ['Admin password in the HTML source', true]]) {
            await visit(ulf.page, `${P}/issues/new`);
            await ulf.page.getByLabel('Title').fill(title);
            if (confidential)
                await ulf.page.getByLabel(/Confidential/).check();
            await submit(ulf.page, ulf.page.getByRole('button', { name: 'Open issue' }));
        }
        await visit(carl.page, '/notifications');
        const inbox = await carl.page.locator('.notification-list').textContent();
        assert.match(inbox, /Bins not emptied on holidays/);
        assert.match(inbox, /ulf opened/);
        assert.doesNotMatch(inbox, /Admin password/);
        await visit(mia.page, '/notifications');
        assert.doesNotMatch(await mia.page.locator('main').textContent(), /Bins not emptied/);
    });

    test('group labels are offered in every project of the group', async () => {
        forge.createUser('ola');
        forge.addMember('town', 'ola', 'owner');
        const ola = await signedInContext(browser, forge, 'ola');
        await visit(ola.page, '/groups/town/labels');
        await ola.page.getByLabel('Name').fill('security');
        await ola.page.getByLabel('Description').fill('Found by an audit');
        await submit(ola.page, ola.page.getByRole('button', { name: 'Create label' }));
        assert.match(await ola.page.locator('.label-list').textContent(), /security/);
        await expectNoAxeViolations(ola.page);
        // A maintainer of the project, not of the group, may use it but not change it.
        await visit(mia.page, '/groups/town/labels');
        assert.equal(await mia.page.getByRole('button', { name: 'Create label' }).count(), 0);
        await visit(mia.page, `${P}/issues/1`);
        await mia.page.locator('form#triage').getByLabel('security').check();
        await submit(mia.page, mia.page.locator('form#triage').getByRole('button', { name: 'Save' }));
        await visit(mia.page, `${P}/issues?state=all&label=security`);
        const titles = await mia.page.locator('.issue-list > li > a').allTextContents();
        assert.deepEqual(titles, ['Pickup dates are off by one day']);
        await ola.context.close();
    });

    test('merging a merge request whose commit says "closes #n" closes the issue', async () => {
        const page = mia.page;
        await visit(page, `${P}/issues/new`);
        await page.getByLabel('Title').fill('Holiday calendar missing');
        await submit(page, page.getByRole('button', { name: 'Open issue' }));
        const number = new URL(page.url()).pathname.split('/').pop();
        git.run(['checkout', '-q', '-b', 'holidays'], { cwd: work });
        git.commit(work, `Add the holiday calendar\n\nCloses #${number}`, { 'holidays.txt': 'easter\n' });
        git.run(['push', '-q', 'origin', 'holidays'], { cwd: work });
        git.run(['checkout', '-q', 'main'], { cwd: work });
        // Only the merge into the default branch closes it, not the push of the branch.
        await visit(page, `${P}/issues/${number}`);
        assert.match(await page.locator('.badge.state-open').textContent(), /Open/);
        assert.ok((await page.locator('.timeline .event').allTextContents())
                      .some(text => /referenced this issue in commit/.test(text)));
        await visit(page, `${P}/merge_requests/new?source=holidays`);
        await page.getByLabel('Title').fill('Holiday calendar');
        await submit(page, page.getByRole('button', { name: 'Open merge request' }));
        await submit(page, page.getByRole('button', { name: 'Merge', exact: true }));
        await visit(page, `${P}/issues/${number}`);
        assert.match(await page.locator('.badge.state-closed').textContent(), /Closed/);
        assert.match(await page.locator('#closed-note').textContent(), /with commit/);
    });
});
