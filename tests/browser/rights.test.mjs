// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Who sees what (DESIGN.md section 3): a grant made in the access settings opens a private
// project to a colleague; for everybody else it does not exist (404, absent from explore).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    Forge, Git, PASSWORD, csrfToken, expectPageStructure, launchBrowser, newContext, signIn,
    signedInContext, submit, visit,
} from './harness.mjs';
import { buildFixture, pushFixture } from './fixture.mjs';

const GROUP = 'city';
const FULL = `${GROUP}/secret`;
const P = `/${FULL}`;
const DESCRIPTION = 'Confidential tender documents';

describe('rights in the browser', () => {
    let forge;
    let browser;
    let admin;
    let commits;
    const contexts = {};

    before(async () => {
        forge = await new Forge().start();
        forge.createUser('colleague');
        forge.createUser('outsider');
        forge.createGroup(GROUP);
        forge.createProject(FULL, 'private');
        forge.createProject(`${GROUP}/shared`, 'internal');
        forge.createProject(`${GROUP}/open`, 'public');
        forge.createProject('colleague/diary', 'private');
        const git = new Git(path.join(forge.tmp, 'home'));
        const dir = path.join(forge.tmp, 'fixture');
        commits = buildFixture(git, dir);
        for (const name of [FULL, `${GROUP}/shared`, `${GROUP}/open`])
            pushFixture(git, dir, forge.gitUrl(name, 'admin', forge.adminPassword));
        browser = await launchBrowser();
        admin = await signedInContext(browser, forge, 'admin', forge.adminPassword);
        // The description goes through the settings form only if it exists; the CLI has none.
        await admin.page.goto(`${P}/settings`);
        const field = admin.page.getByLabel('Description', { exact: true });
        if (await field.count() === 1) {
            await field.fill(DESCRIPTION);
            await submit(admin.page, admin.page.getByRole('button', { name: 'Save', exact: true }));
        }
    });

    after(async () => {
        await browser?.close();
        await forge?.stop();
    });

    async function as(user)
    {
        if (!contexts[user])
            contexts[user] = user === 'anonymous'
                ? { page: await (await newContext(browser, forge)).newPage() }
                : await signedInContext(browser, forge, user);
        return contexts[user].page;
    }

    const hiddenPages = () => [
        P, `${P}/tree/main`, `${P}/tree/main/docs`, `${P}/blob/main/README.md`,
        `${P}/raw/main/README.md`, `${P}/commits/main`, `${P}/commit/${commits.c1}`,
        `${P}/branches`, `${P}/tags`, `${P}/settings`, `${P}/settings/access`,
    ];

    async function listedOnExplore(page, fullName, query)
    {
        await visit(page, query ? `/explore?q=${encodeURIComponent(query)}` : '/explore');
        return page.locator('ul.project-list').getByRole('link', { name: fullName, exact: true }).count();
    }

    test('the admin grants colleague read access in the access settings', async () => {
        const page = admin.page;
        await visit(page, `${P}/settings/access`);
        await expectPageStructure(page);
        await page.getByLabel('User or @group').fill('colleague');
        await page.getByLabel('Access level').selectOption('read');
        await submit(page, page.getByRole('button', { name: 'Grant access' }));
        const row = page.locator('main table tr', { hasText: 'colleague' });
        assert.equal(await row.count(), 1, 'the grant is listed');
        assert.match(await row.innerText(), /read/i);
        assert.equal(await row.getByRole('button', { name: 'Revoke' }).count(), 1);
    });

    test('colleague finds the project on explore and browses it', async () => {
        const page = await as('colleague');
        assert.equal(await listedOnExplore(page, FULL), 1, 'listed on /explore');
        assert.equal(await page.locator('ul.project-list').getByRole('link', { name: FULL, exact: true })
            .getAttribute('href'), P);
        assert.equal(await listedOnExplore(page, FULL, 'secret'), 1, 'found by a search');
        assert.equal(await listedOnExplore(page, FULL, 'zzzznothing'), 0, 'not found by others');
        await visit(page, P);
        assert.equal(await page.locator('article#readme').count(), 1);
        assert.equal(await page.locator(`a[href="${P}/settings"]`).count(), 0,
                     'no Settings tab for a reader');
        await visit(page, `${P}/tree/main/docs`);
        assert.equal(await page.locator('table.files').getByRole('link', { name: 'guide.md' }).count(), 1);
        await visit(page, `${P}/blob/main/lines.txt`);
        assert.equal(await page.locator('table.code a#L10').count(), 1);
        await visit(page, `${P}/commits/main`);
        assert.ok(await page.locator(`main a[href="${P}/commit/${commits.c2}"]`).count() >= 1);
        await visit(page, `${P}/commit/${commits.c2}`);
        const settings = await page.goto(`${P}/settings`);
        assert.ok([403, 404].includes(settings.status()),
                  `a reader gets no settings: ${settings.status()}`);
        assert.equal(await page.getByRole('button', { name: 'Delete project' }).count(), 0);
    });

    // Forms a reader never sees, posted anyway with a valid token.
    async function postForm(page, url, fields)
    {
        await page.goto('/explore');
        const csrf = await csrfToken(page);
        return page.request.post(url, {
            form: { csrf, ...fields }, maxRedirects: 0, headers: { Origin: forge.baseUrl },
        });
    }

    test('a reader cannot change settings or grants by posting the forms', async () => {
        const page = await as('colleague');
        const attempts = [
            [`${P}/settings`, { description: 'defaced', visibility: 'public', default_branch: 'main' }],
            [`${P}/settings/access`, { grantee: 'colleague', level: 'admin' }],
            [`${P}/settings/branches`, { branch: 'feature/x' }],
            [`${P}/settings/rename`, { new_name: 'renamed' }],
            [`${P}/settings/delete`, { confirm: FULL }],
        ];
        for (const [url, fields] of attempts) {
            const response = await postForm(page, url, fields);
            assert.ok([403, 404].includes(response.status()), `POST ${url}: ${response.status()}`);
        }
        await visit(admin.page, `${P}/settings/access`);
        assert.doesNotMatch(await admin.page.locator('main table').innerText(), /admin\s*$/m);
        const row = admin.page.locator('main table tr', { hasText: 'colleague' });
        assert.match(await row.innerText(), /read/);
        await visit(admin.page, P);
        assert.doesNotMatch(await admin.page.locator('main').innerText(), /defaced/);
    });

    test('the outsider cannot delete or change the hidden project by posting', async () => {
        const page = await as('outsider');
        for (const [url, fields] of [[`${P}/settings/delete`, { confirm: FULL }],
                                     [`${P}/settings/access`, { grantee: 'outsider', level: 'admin' }]]) {
            const response = await postForm(page, url, fields);
            assert.equal(response.status(), 404, `POST ${url}`);
        }
        await visit(admin.page, P);
    });

    test('nothing of hidden projects on the outsider\'s dashboard, user and group pages', async () => {
        const page = await as('outsider');
        await visit(page, '/');
        const dashboard = await page.locator('main').innerText();
        assert.doesNotMatch(dashboard, /secret|diary/, 'the dashboard shows hidden projects or pushes');
        await visit(page, '/colleague');
        assert.equal(await page.locator('main a[href="/colleague/diary"]').count(), 0);
        assert.doesNotMatch(await page.locator('main').innerText(), /diary/);
        assert.equal(await listedOnExplore(page, 'colleague/diary'), 0);
        assert.equal(await listedOnExplore(page, FULL, 'Confidential'), 0, 'found by its description');
    });

    test('a clone URL in the browser tells hidden and missing projects apart in no way', async () => {
        const page = await as('outsider');
        const hidden = await page.request.get(`${P}.git`, { maxRedirects: 0 });
        const missing = await page.request.get(`/${GROUP}/no-such-project.git`, { maxRedirects: 0 });
        assert.equal(hidden.status(), missing.status(), 'the same status for hidden and missing');
        const where = r => (r.headers().location || '').replace(/secret|no-such-project/, 'X');
        assert.equal(where(hidden), where(missing), 'the same redirect for hidden and missing');
        await visit(page, `${P}.git`, 404);
    });

    test('the outsider gets 404 everywhere and no trace on explore', async () => {
        const page = await as('outsider');
        for (const url of hiddenPages()) {
            const response = await visit(page, url, 404);
            assert.match(response.headers()['content-type'], /^text\/html/, `${url}: the HTML 404 page`);
            await expectPageStructure(page);
            const text = await page.locator('body').innerText();
            assert.doesNotMatch(text, new RegExp(DESCRIPTION), `${url} leaks the description`);
        }
        // A missing project looks the same.
        await visit(page, P, 404);
        const hidden = await page.locator('main').innerText();
        await visit(page, `/${GROUP}/no-such-project`, 404);
        assert.equal((await page.locator('main').innerText()).replaceAll('no-such-project', 'secret'),
                     hidden, 'hidden and missing look alike');
        assert.equal(await listedOnExplore(page, FULL), 0, 'absent from /explore');
        assert.equal(await listedOnExplore(page, FULL, 'secret'), 0, 'absent from a search');
        assert.equal(await listedOnExplore(page, `${GROUP}/shared`), 1, 'internal is listed');
        // The search form finds by name and keeps the hidden project out.
        await visit(page, '/explore');
        await page.getByLabel('Search projects').fill('s');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search', exact: true }).click()]);
        assert.equal(new URL(page.url()).searchParams.get('q'), 's');
        const found = await page.locator('ul.project-list a').allInnerTexts();
        assert.ok(found.some(t => t.trim() === `${GROUP}/shared`), `found: ${found}`);
        assert.ok(!found.some(t => t.includes('secret')), `found: ${found}`);
        await visit(page, `/${GROUP}`);
        assert.equal(await page.locator(`main a[href="${P}"]`).count(), 0, 'absent from the group page');
        assert.doesNotMatch(await page.locator('main').innerText(), /secret/);
        await visit(page, `/${GROUP}/shared`);
    });

    test('anonymous visitors get 404 and see public projects only', async () => {
        const page = await as('anonymous');
        for (const url of hiddenPages())
            await visit(page, url, 404);
        await visit(page, `/${GROUP}/shared`, 404);
        await visit(page, `/${GROUP}/open`);
        assert.equal(await page.locator('article#readme').count(), 1);
        assert.equal(await listedOnExplore(page, FULL), 0);
        assert.equal(await listedOnExplore(page, `${GROUP}/shared`), 0, 'internal is not listed');
        assert.equal(await listedOnExplore(page, `${GROUP}/open`), 1, 'public is listed');
        // Signed out, the start page is explore.
        await visit(page, '/');
        assert.equal(await page.locator('ul.project-list').getByRole('link', { name: `${GROUP}/open` }).count(), 1);
        assert.equal(await page.locator('ul.project-list').getByRole('link', { name: FULL }).count(), 0);
    });

    test('a revoked grant hides the project again', async () => {
        const page = admin.page;
        await visit(page, `${P}/settings/access`);
        const row = page.locator('main table tr', { hasText: 'colleague' });
        await submit(page, row.getByRole('button', { name: 'Revoke' }));
        assert.equal(await page.locator('main table tr', { hasText: 'colleague' }).count(), 0);
        const colleague = await as('colleague');
        await visit(colleague, P, 404);
        assert.equal(await listedOnExplore(colleague, FULL), 0);
    });

    test('a reporter of the owning group, added in the UI, reads the project until removed', async () => {
        const page = admin.page;
        await visit(page, `/groups/${GROUP}/members`);
        await page.getByLabel('User', { exact: true }).fill('outsider');
        await page.getByLabel('Role').selectOption('reporter');
        await submit(page, page.getByRole('button', { name: 'Add member' }));
        const outsider = await as('outsider');
        await visit(outsider, P);
        await visit(outsider, `${P}/blob/main/lines.txt`);
        assert.equal(await outsider.locator(`a[href="${P}/settings"]`).count(), 0);
        const settings = await outsider.goto(`${P}/settings`);
        assert.ok([403, 404].includes(settings.status()), `a reporter gets no settings: ${settings.status()}`);

        await visit(page, `/groups/${GROUP}/members`);
        const row = page.locator('main table tr', { hasText: 'outsider' });
        await submit(page, row.getByRole('button', { name: 'Remove' }));
        await visit(outsider, P, 404);
    });

    test('a group grant in the UI reaches the group members', async () => {
        forge.createGroup('partners');
        forge.addMember('partners', 'outsider', 'member');
        const page = admin.page;
        await visit(page, `${P}/settings/access`);
        await page.getByLabel('User or @group').fill('@partners');
        await page.getByLabel('Access level').selectOption('write');
        await submit(page, page.getByRole('button', { name: 'Grant access' }));
        assert.match(await page.locator('main table').innerText(), /partners/);
        const outsider = await as('outsider');
        await visit(outsider, P);
        assert.equal(await listedOnExplore(outsider, FULL), 1);
    });

    test('the site administration is for administrators only', async () => {
        const page = await as('outsider');
        for (const url of ['/admin', '/admin/users', '/admin/groups', '/admin/projects', '/admin/audit']) {
            const response = await page.goto(url);
            assert.ok([403, 404].includes(response.status()), `GET ${url} as a user: ${response.status()}`);
        }
        const response = await postForm(page, '/admin/users/action', { user: 'outsider', action: 'admin' });
        assert.ok([403, 404].includes(response.status()), `POST make-admin as a user: ${response.status()}`);
        await visit(page, '/explore');
        assert.equal(await page.locator('header').getByRole('link', { name: 'Admin', exact: true }).count(), 0);
    });

    test('an administrator blocks a user in the UI; the user can no longer sign in', async () => {
        forge.createUser('mallory');
        const mallory = await signedInContext(browser, forge, 'mallory');
        const page = admin.page;
        await visit(page, '/admin/users');
        const row = page.locator('main table tr', { hasText: 'mallory' });
        await submit(page, row.getByRole('button', { name: 'Block', exact: true }));
        assert.equal(await page.locator('main table tr', { hasText: 'mallory' })
            .getByRole('button', { name: 'Unblock', exact: true }).count(), 1);

        await visit(mallory.page, '/settings/profile');
        assert.equal(new URL(mallory.page.url()).pathname, '/login', 'the open session ends');
        await signIn(mallory.page, 'mallory', PASSWORD);
        assert.equal(new URL(mallory.page.url()).pathname, '/login');
        assert.match(await mallory.page.getByRole('alert').innerText(), /blocked/i);
        await mallory.context.close();
    });
});
