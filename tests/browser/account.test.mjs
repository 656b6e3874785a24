// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// The account settings: profile (with the language), password and access tokens, the
// tokens checked with the real git client.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    Forge, Git, PASSWORD, expectPageStructure, launchBrowser, newContext, signIn,
    signedInContext, submit, visit,
} from './harness.mjs';
import { buildFixture } from './fixture.mjs';

describe('account settings', () => {
    let forge;
    let browser;
    let page;
    let git;
    let dir;

    before(async () => {
        forge = await new Forge().start();
        forge.createUser('alice');
        forge.createProject('alice/notes', 'private');
        git = new Git(path.join(forge.tmp, 'home'));
        dir = path.join(forge.tmp, 'fixture');
        buildFixture(git, dir);
        browser = await launchBrowser();
        ({ page } = await signedInContext(browser, forge, 'alice'));
    });

    after(async () => {
        await browser?.close();
        await forge?.stop();
    });

    test('profile: the display name is saved and shown as text', async () => {
        await visit(page, '/settings/profile');
        await expectPageStructure(page);
        assert.equal(await page.getByLabel('E-mail').inputValue(), 'alice@example.org');
        const name = '<img src=x id=injected> Alice & Co';
        await page.getByLabel('Display name').fill(name);
        await submit(page, page.getByRole('button', { name: 'Save', exact: true }));
        await visit(page, '/settings/profile');
        assert.equal(await page.getByLabel('Display name').inputValue(), name);
        await visit(page, '/alice');
        assert.match(await page.locator('main').innerText(), /<img src=x id=injected> Alice & Co/);
        assert.equal(await page.locator('#injected').count(), 0);
    });

    test('new project: the owner is the user or a group the user owns', async () => {
        forge.createGroup('alices');
        forge.addMember('alices', 'alice', 'owner');
        forge.createGroup('others');
        forge.addMember('others', 'alice', 'member');
        await visit(page, '/projects/new');
        const owners = await page.getByLabel('Owner').locator('option').evaluateAll(
            os => os.map(o => o.value));
        assert.deepEqual(owners.sort(), ['alice', 'alices']);
    });

    test('profile: the language setting wins over the browser', async () => {
        await visit(page, '/settings/profile');
        await page.getByLabel('Language').selectOption('de');
        await submit(page, page.getByRole('button', { name: 'Save', exact: true }));
        await visit(page, '/settings/profile');
        assert.equal(await page.locator('html').getAttribute('lang'), 'de');
        await page.getByLabel('Sprache').selectOption('en');
        await submit(page, page.getByRole('button', { name: 'Speichern', exact: true }));
        await visit(page, '/settings/profile');
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    });

    test('tokens: shown once, work for git, honour the write scope, can be revoked', async () => {
        const url = (token) => forge.gitUrl('alice/notes', 'alice', token);
        const create = async (label, write) => {
            await visit(page, '/settings/tokens');
            await page.getByLabel('Token name').fill(label);
            if (write)
                await page.getByLabel('Write access').check();
            await submit(page, page.getByRole('button', { name: 'Create token' }));
            const token = await page.locator('input#new-token').inputValue();
            assert.match(token, /^\S{20,}$/, `token ${label}`);
            return token;
        };
        await visit(page, '/settings/tokens');
        await expectPageStructure(page);
        assert.equal(await page.getByLabel('Expires on').getAttribute('type'), 'date');
        const readOnly = await create('read only', false);
        const writer = await create('ci', true);

        await visit(page, '/settings/tokens');
        assert.equal(await page.locator('input#new-token').count(), 0, 'the token is shown once');
        assert.doesNotMatch(await page.content(), new RegExp(writer));
        assert.match(await page.locator('main').innerText(), /\bci\b/);

        assert.throws(() => git.run(['push', '-q', url(readOnly), 'main'], { cwd: dir }),
                      'a read-only token cannot push');
        git.run(['push', '-q', url(writer), 'main'], { cwd: dir });
        assert.match(git.run(['ls-remote', url(readOnly)]), /refs\/heads\/main/);

        const row = page.locator('main tr, main li').filter({ hasText: 'ci' })
            .filter({ has: page.getByRole('button', { name: 'Revoke' }) });
        await submit(page, row.first().getByRole('button', { name: 'Revoke' }));
        assert.throws(() => git.run(['ls-remote', url(writer)]), 'a revoked token is refused');
    });

    test('tokens: one that expired yesterday does not work', async () => {
        const yesterday = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
        await visit(page, '/settings/tokens');
        await page.getByLabel('Token name').fill('stale');
        await page.getByLabel('Expires on').fill(yesterday);
        await submit(page, page.getByRole('button', { name: 'Create token' }));
        const shown = page.locator('input#new-token');
        if (await shown.count() === 0) {
            assert.ok(await page.getByRole('alert').count() >= 1, 'refused with an error');
            return;
        }
        const token = await shown.inputValue();
        assert.throws(() => git.run(['ls-remote', forge.gitUrl('alice/notes', 'alice', token)]),
                      'an expired token is refused');
    });

    test('password: the current one is needed, the new one works', async () => {
        const next = 'a new passphrase 2026';
        // A second session of alice's, which the change signs out.
        const other = await signedInContext(browser, forge, 'alice');
        await visit(page, '/settings/password');
        await expectPageStructure(page);
        await page.getByLabel('Current password').fill('not my password');
        await page.getByLabel('New password').fill(next);
        await submit(page, page.getByRole('button', { name: 'Change password' }));
        assert.ok(await page.locator('[role=alert], .error').count() >= 1, 'an error is shown');

        await visit(page, '/settings/password');
        await page.getByLabel('Current password').fill(PASSWORD);
        await page.getByLabel('New password').fill(next);
        await submit(page, page.getByRole('button', { name: 'Change password' }));
        await visit(page, '/settings/password');
        assert.equal(new URL(page.url()).pathname, '/settings/password', 'this session goes on');
        await visit(other.page, '/settings/password');
        assert.equal(new URL(other.page.url()).pathname, '/login', 'the other session is signed out');
        await other.context.close();

        const context = await newContext(browser, forge);
        const fresh = await context.newPage();
        await signIn(fresh, 'alice', PASSWORD);
        assert.equal(new URL(fresh.url()).pathname, '/login', 'the old password no longer works');
        await signIn(fresh, 'alice', next);
        assert.notEqual(new URL(fresh.url()).pathname, '/login', 'the new password works');
        await context.close();
    });
});
