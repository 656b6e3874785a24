// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Hostile content from a repository: file names, ref names, commit messages and Markdown
// that try to become markup. Every page must show them as text and run nothing.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    BASE_EPOCH, Forge, Git, expectNoAxeViolations, launchBrowser, newContext, visit,
} from './harness.mjs';

const FULL = 'admin/odd';
const P = `/${FULL}`;
const ODD_FILE = '<b id="f">x<i>&amp;"q\'.txt'; // a name has no slash, so no closing tags
const ODD_BRANCH = 'fix<img>&"';
const ODD_SUMMARY = '<script>window.__forgeInjected = 1</script> & <b id="m">bold</b>';
// Names that must be percent-encoded in links.
const URL_NAMES = ['with space.md', 'größe.txt', '100%.txt', 'a#b.txt', 'q?.txt', 'plus+.txt'];
const README = [
    '# Odd',
    '',
    '[a link](javascript:window.__forgeInjected=2)',
    '',
    '<img src="x" onerror="window.__forgeInjected = 3" id="readme-img">',
    '',
    '<a href="javascript:window.__forgeInjected=4" id="readme-a">raw link</a>',
    '',
    '<iframe src="/" id="readme-frame"></iframe>',
    '',
    '<div style="position:fixed" onclick="x()">styled</div>',
    '',
    '[upper](JAVASCRIPT:window.__forgeInjected=6) [entity](&#x6A;avascript:window.__forgeInjected=7)',
    '[data](data:text/html,<script>alert(1)</script>)',
    '',
    '<svg onload="window.__forgeInjected=8"><script>window.__forgeInjected=9</script></svg>',
    '',
    '<form action="/logout" method="post"><button>Press me</button></form>',
    '',
    '<object data="/x"></object><embed src="/x"><base href="http://evil.example/">',
    '',
].join('\n');

describe('hostile repository content is shown as text', () => {
    let forge;
    let browser;
    let page;
    let sha;

    before(async () => {
        forge = await new Forge().start();
        forge.createProject(FULL, 'public');
        forge.createProject('admin/ids', 'public');
        const git = new Git(path.join(forge.tmp, 'home'));
        const dir = path.join(forge.tmp, 'odd');
        git.run(['init', '-q', '-b', 'main', dir]);
        git.commit(dir, 'Initial', {
            'README.md': README, 'page.html': '<script>alert(1)</script>\n',
            'image.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script></svg>\n',
            ...Object.fromEntries(URL_NAMES.map(n => [`names/${n}`, `content of ${n}\n`])),
        }, BASE_EPOCH);
        sha = git.commit(dir, ODD_SUMMARY, { [ODD_FILE]: 'odd\n' }, BASE_EPOCH + 60);
        git.run(['branch', ODD_BRANCH], { cwd: dir });
        git.run(['push', '-q', forge.gitUrl(FULL, 'admin', forge.adminPassword), 'main', ODD_BRANCH],
                { cwd: dir });
        const ids = path.join(forge.tmp, 'ids');
        git.run(['init', '-q', '-b', 'main', ids]);
        git.commit(ids, 'Headings named like parts of the page',
                   { 'README.md': '# Main\n\n## Readme\n\n### Clone URL\n\nText.\n' }, BASE_EPOCH);
        git.run(['push', '-q', forge.gitUrl('admin/ids', 'admin', forge.adminPassword), 'main'], { cwd: ids });
        browser = await launchBrowser();
        page = await (await newContext(browser, forge)).newPage();
    });

    after(async () => {
        await browser?.close();
        await forge?.stop();
    });

    async function expectInert()
    {
        assert.equal(await page.evaluate(() => window.__forgeInjected), undefined, `${page.url()}: injected script ran`);
        assert.deepEqual(page.forgeEvents.dialogs, [], `${page.url()}: dialogs`);
        for (const id of ['f', 'm', 'readme-img', 'readme-frame'])
            assert.equal(await page.locator(`#${id}`).count(), 0, `${page.url()}: element #${id} injected`);
        assert.equal(await page.locator('main script, main iframe, main [onerror], main [onclick], main [style]').count(), 0,
                     `${page.url()}: active markup in main`);
        assert.equal(await page.locator('article#readme :is(form, svg, object, embed, base, button)').count(), 0,
                     `${page.url()}: active elements in the README`);
        assert.equal(await page.locator('base').count(), 0, `${page.url()}: a base element`);
        const hrefs = await page.locator('main a[href]').evaluateAll(as => as.map(a => a.href));
        assert.deepEqual(hrefs.filter(h => /^\s*(javascript|data|vbscript):/i.test(h)), [],
                         `${page.url()}: script links`);
    }

    test('summary: file names and README', async () => {
        await visit(page, P);
        await expectInert();
        const files = page.locator('table.files');
        assert.equal(await files.getByRole('link', { name: ODD_FILE, exact: true }).count(), 1,
                     `the file name ${ODD_FILE} is shown as text`);
        assert.match(await page.locator('article#readme').innerText(), /a link/);
    });

    test('the odd file opens from its link', async () => {
        await visit(page, P);
        const link = page.locator('table.files').getByRole('link', { name: ODD_FILE, exact: true });
        const response = await Promise.all([page.waitForNavigation(), link.click()]).then(r => r[0]);
        assert.equal(response.status(), 200, `following the link to ${ODD_FILE}`);
        await expectInert();
        assert.match(await page.locator('table.code').innerText(), /odd/);
    });

    test('a blob of HTML is code, not markup', async () => {
        await visit(page, `${P}/blob/main/page.html`);
        await expectInert();
        assert.match(await page.locator('table.code').innerText(), /<script>alert\(1\)<\/script>/);
    });

    test('raw HTML and SVG are never served as active documents', async () => {
        for (const file of ['page.html', 'image.svg', 'README.md']) {
            const response = await page.request.get(`${P}/raw/main/${file}`);
            const headers = response.headers();
            assert.doesNotMatch(headers['content-type'] || '', /html|svg|xml/i, `${file}: Content-Type`);
            assert.equal(headers['x-content-type-options'], 'nosniff', `${file}: nosniff`);
            assert.match(headers['content-security-policy'] || '', /sandbox/, `${file}: sandboxed`);
            await visit(page, `${P}/raw/main/${file}`);
            assert.deepEqual(page.forgeEvents.dialogs, [], `${file}: dialogs`);
        }
        await visit(page, `${P}/blob/main/README.md`);
        await expectInert();
    });

    test('history and commit: the summary is text', async () => {
        await visit(page, `${P}/commits/main`);
        await expectInert();
        assert.ok((await page.locator('main').innerText()).includes('<script>window.__forgeInjected = 1</script>'));
        await visit(page, `${P}/commit/${sha}`);
        await expectInert();
        assert.equal(await page.locator('main').getByRole('heading', { name: ODD_SUMMARY, exact: true }).count(), 1);
        assert.ok((await page.locator('main').innerText()).includes(ODD_FILE));
    });

    test('branches: the odd branch is text and its link works', async () => {
        await visit(page, `${P}/branches`);
        await expectInert();
        const link = page.locator('main').getByRole('link', { name: ODD_BRANCH, exact: true });
        assert.ok(await link.count() >= 1, `branch ${ODD_BRANCH} listed`);
        const response = await Promise.all([page.waitForNavigation(), link.first().click()]).then(r => r[0]);
        assert.equal(response.status(), 200, `following the branch link to ${page.url()}`);
        await expectInert();
    });

    test('names that need percent-encoding open from their links, raw too', async () => {
        for (const name of URL_NAMES) {
            await visit(page, `${P}/tree/main/names`);
            const link = page.locator('table.files').getByRole('link', { name, exact: true });
            const response = await Promise.all([page.waitForNavigation(), link.click()]).then(r => r[0]);
            assert.equal(response.status(), 200, `${name}: ${page.url()}`);
            assert.match(await page.locator('table.code').innerText(), new RegExp(`content of`));
            const raw = await page.getByRole('link', { name: 'Raw', exact: true }).getAttribute('href');
            const body = await (await page.request.get(raw)).text();
            assert.equal(body, `content of ${name}\n`, `raw ${raw}`);
        }
    });

    test('query parameters and form input come back as text', async () => {
        const evil = '"><img id="reflected" src=x onerror="window.__forgeInjected=5">';
        await visit(page, `/explore?q=${encodeURIComponent(evil)}`);
        assert.equal(await page.locator('input[name=q]').inputValue(), evil);
        await expectInert();
        assert.equal(await page.locator('#reflected').count(), 0);

        await visit(page, `/login?next=${encodeURIComponent('/' + evil)}`);
        assert.equal(await page.locator('#reflected').count(), 0);
        await page.getByLabel('Username or e-mail').fill(evil);
        await page.getByLabel('Password', { exact: true }).fill('wrong password, surely');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
        assert.equal(await page.locator('#reflected').count(), 0);
        assert.equal(await page.getByLabel('Username or e-mail').inputValue(), evil);
        await expectInert();
    });

    test('README headings do not take the ids of the page', async () => {
        await visit(page, '/admin/ids');
        const duplicates = await page.evaluate(() => {
            const seen = new Map();
            for (const e of document.querySelectorAll('[id]'))
                seen.set(e.id, (seen.get(e.id) || 0) + 1);
            return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
        });
        assert.deepEqual(duplicates, [], 'ids used more than once');
        await expectNoAxeViolations(page);
    });
});
