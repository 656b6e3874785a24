// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Accessibility (WCAG 2.1 AA / BITV 2.0): axe-core on every kind of page, signed in as
// an administrator so that every form and tab is on the page. The same walk checks that
// no page has script errors and that every POST form carries its CSRF token.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    Forge, Git, expectCsrfFields, expectNoAxeViolations, expectNoConsoleErrors, expectPageStructure,
    launchBrowser, newContext, signedInContext, visit,
} from './harness.mjs';
import { buildFixture, pushFixture } from './fixture.mjs';

const GROUP = 'access';
const FULL = `${GROUP}/site`;
const P = `/${FULL}`;

describe('axe finds no WCAG 2.1 A/AA violations', () => {
    let forge;
    let browser;
    let page;
    let commits;

    before(async () => {
        forge = await new Forge().start();
        forge.createUser('member');
        forge.createGroup(GROUP);
        forge.addMember(GROUP, 'admin', 'owner');
        forge.addMember(GROUP, 'member', 'member');
        forge.createProject(FULL, 'public');
        forge.createProject(`${GROUP}/empty`, 'public');
        forge.grant(FULL, 'member', 'write');
        const git = new Git(path.join(forge.tmp, 'home'));
        const dir = path.join(forge.tmp, 'fixture');
        commits = buildFixture(git, dir);
        pushFixture(git, dir, forge.gitUrl(FULL, 'admin', forge.adminPassword));
        browser = await launchBrowser();
        ({ page } = await signedInContext(browser, forge, 'admin', forge.adminPassword));
    });

    after(async () => {
        await browser?.close();
        await forge?.stop();
    });

    // [name, URL (a function of the fixture's commits), expected status]
    const PAGES = [
        ['dashboard', () => '/'],
        ['explore', () => '/explore'],
        ['explore search', () => '/explore?q=site'],
        ['user page', () => '/member'],
        ['group page', () => `/${GROUP}`],
        ['group members', () => `/groups/${GROUP}/members`],
        ['new group', () => '/groups/new'],
        ['new project', () => '/projects/new'],
        ['empty project', () => `/${GROUP}/empty`],
        ['summary', () => P],
        ['tree', () => `${P}/tree/main/docs`],
        ['blob', () => `${P}/blob/main/lines.txt`],
        ['blob of Markdown', () => `${P}/blob/main/README.md`],
        ['binary blob', () => `${P}/blob/main/logo.bin`],
        ['history', () => `${P}/commits/main`],
        ['commit', c => `${P}/commit/${c.c2}`],
        ['root commit', c => `${P}/commit/${c.c1}`],
        ['branches', () => `${P}/branches`],
        ['tags', () => `${P}/tags`],
        ['project settings', () => `${P}/settings`],
        ['access settings', () => `${P}/settings/access`],
        ['branch settings', () => `${P}/settings/branches`],
        ['profile', () => '/settings/profile'],
        ['password', () => '/settings/password'],
        ['tokens', () => '/settings/tokens'],
        ['404', () => '/nobody/nothing', 404],
    ];

    for (const [name, url, status = 200] of PAGES) {
        test(name, async () => {
            await visit(page, url(commits), status);
            await expectPageStructure(page);
            await expectNoAxeViolations(page);
            expectNoConsoleErrors(page);
            await expectCsrfFields(page);
        });
    }

    test('the site administration pages', async () => {
        for (const url of ['/admin', '/admin/users', '/admin/groups', '/admin/projects', '/admin/audit']) {
            await visit(page, url);
            await expectPageStructure(page);
            await expectNoAxeViolations(page);
            await expectCsrfFields(page);
        }
    });

    test('the signed-out start page and sign-in', async () => {
        const context = await newContext(browser, forge);
        const anonymous = await context.newPage();
        for (const url of ['/', '/login', P, `${P}/blob/main/lines.txt`]) {
            await visit(anonymous, url);
            await expectPageStructure(anonymous);
            await expectNoAxeViolations(anonymous);
        }
        await context.close();
    });

    test('the first Tab reaches the skip link, which leads to main', async () => {
        await visit(page, P);
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => ({
            text: document.activeElement.textContent.trim(),
            href: document.activeElement.getAttribute('href'),
        }));
        assert.deepEqual(focused, { text: 'Skip to content', href: '#main' });
    });

    // WCAG 2.1 2.4.7 and 1.4.11: every tab stop shows a focus outline with at least 3:1
    // contrast against the background around it.
    async function focusStops(url, count)
    {
        await visit(page, url);
        const stops = [];
        for (let i = 0; i < count; i++) {
            await page.keyboard.press('Tab');
            stops.push(await page.evaluate(() => {
                const e = document.activeElement;
                const style = getComputedStyle(e);
                let bg = null;
                for (let p = e.parentElement; p && !bg; p = p.parentElement) {
                    const c = getComputedStyle(p).backgroundColor;
                    if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent')
                        bg = c;
                }
                return {
                    what: `${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim().slice(0, 30)}"`,
                    outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                    color: style.outlineColor, bg: bg || 'rgb(255, 255, 255)',
                };
            }));
        }
        return stops;
    }
    const luminance = rgb => {
        const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map(v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
        return (x + 0.05) / (y + 0.05);
    };

    test('every tab stop shows a focus outline', async () => {
        for (const url of [P, `${P}/settings`]) {
            for (const stop of await focusStops(url, 25))
                assert.ok(stop.outline !== 'none' && stop.width >= 1,
                          `${url}: no focus outline on ${stop.what}`);
        }
    });

    test('focus outlines have 3:1 contrast against their background', async () => {
        const weak = [];
        for (const stop of await focusStops(`${P}/settings`, 25)) {
            const ratio = contrast(stop.color, stop.bg);
            if (ratio < 3)
                weak.push(`${stop.what}: ${stop.color} on ${stop.bg} = ${ratio.toFixed(2)}:1`);
        }
        assert.deepEqual(weak, []);
    });

    test('a project can be made with the keyboard alone', async () => {
        await visit(page, '/projects/new');
        // Tabs until the element named `name` (or the button with this text) has the focus.
        const tabTo = async (name) => {
            for (let i = 0; i < 40; i++) {
                await page.keyboard.press('Tab');
                const here = await page.evaluate(() => {
                    const e = document.activeElement;
                    return e.getAttribute('name') || e.textContent.trim();
                });
                if (here === name)
                    return;
            }
            assert.fail(`Tab never reached ${name}`);
        };
        await tabTo('owner');
        await tabTo('name');
        await page.keyboard.type('keyboard');
        await tabTo('description');
        await page.keyboard.type('Made without a mouse');
        await tabTo('visibility');
        // Arrow keys move the choice within the group.
        const choice = () => page.evaluate(() => document.activeElement.value);
        for (let i = 0; i < 3 && await choice() !== 'private'; i++)
            await page.keyboard.press('ArrowDown');
        assert.equal(await choice(), 'private');
        assert.equal(await page.locator('input[name=visibility][value=private]').isChecked(), true);
        await tabTo('Create project');
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        assert.equal(new URL(page.url()).pathname, '/admin/keyboard');
        assert.match(await page.locator('main').innerText(), /Made without a mouse/);
    });

    // Every link of the site, followed from the start page: the ones that fail.
    let crawled = null;
    async function brokenLinks()
    {
        if (crawled)
            return crawled;
        const from = new Map([['/', '(start)']]); // page -> the page that links to it
        const queue = ['/'];
        const broken = [];
        while (queue.length && from.size < 400) {
            const url = queue.shift();
            const response = await page.request.get(url);
            if (response.status() >= 400) {
                broken.push(`${url}: ${response.status()}, linked from ${from.get(url)}`);
                continue;
            }
            if (!/^text\/html/.test(response.headers()['content-type'] || ''))
                continue;
            for (const m of (await response.text()).matchAll(/href="([^"]*)"/g)) {
                const target = new URL(m[1].replace(/&amp;/g, '&'), forge.baseUrl + url);
                const key = target.pathname + target.search;
                if (target.origin === forge.baseUrl && !from.has(key)) {
                    from.set(key, url);
                    queue.push(key);
                }
            }
        }
        assert.ok(from.size > 50, `only ${from.size} pages found`);
        crawled = broken;
        return broken;
    }

    test('no broken links', async () => {
        assert.deepEqual(await brokenLinks(), []);
    });

    test('German pages pass too', async () => {
        const context = await newContext(browser, forge, { locale: 'de-DE' });
        const german = await context.newPage();
        for (const url of ['/login', '/explore', P]) {
            await visit(german, url);
            assert.equal(await german.locator('html').getAttribute('lang'), 'de');
            await expectNoAxeViolations(german);
        }
        await context.close();
    });
});
