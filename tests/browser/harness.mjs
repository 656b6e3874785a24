// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Shared helpers for the browser end-to-end tests: the real `forge` binary on a free
// loopback port with a temporary data directory, `forge admin` on the same data, the real
// git client, headless Chromium through playwright-core, and axe-core checks.
//
// Everything is bounded in time: CLI and git calls have timeouts, the server is killed
// when it does not stop, and every temporary directory is removed by stop().
//
// Run alone:  cd tests/browser && npm ci && FORGE_BIN=../../build/forge/forge node --test *.test.mjs
// (ctest runs them as the test "browser"; FORGE_CHROMIUM overrides /usr/bin/chromium).
// Tests marked `todo` are known deviations of the pages from their contract: they run
// and report, but do not fail the suite.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const PROJECT_ROOT = path.resolve(here, '..', '..');
export const FORGE_BIN = path.resolve(
    process.env.FORGE_BIN || path.join(PROJECT_ROOT, 'build', 'forge', 'forge'));
export const CHROMIUM = process.env.FORGE_CHROMIUM || '/usr/bin/chromium';

// A password long enough for every account the tests create.
export const PASSWORD = 'correct horse battery';

const CLI_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

function loadPlaywright()
{
    try {
        return require('playwright-core');
    } catch (e) {
        throw new Error(`playwright-core is not installed: run "npm ci" in ${here} (${e.message})`);
    }
}

// The environment without FORGE_* variables, plus `extra`.
function cleanEnv(extra = {})
{
    const env = {};
    for (const [k, v] of Object.entries(process.env))
        if (!k.startsWith('FORGE_'))
            env[k] = v;
    env.LC_ALL = 'C.UTF-8';
    return Object.assign(env, extra);
}

function freePort()
{
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

function describe(proc)
{
    return `exit=${proc.status} signal=${proc.signal}\nstdout=${proc.stdout}\nstderr=${proc.stderr}`;
}

// ---------------------------------------------------------------------------
// The server

export class Forge {
    constructor()
    {
        this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-browser-'));
        this.data = path.join(this.tmp, 'data');
        this.stdout = '';
        this.proc = null;
        this.adminPassword = null;
        this.baseUrl = null;
    }

    // Starts `forge serve` and waits for "listening on http://ADDR" and the admin password.
    async start()
    {
        if (!fs.existsSync(FORGE_BIN))
            throw new Error(`forge binary not found: ${FORGE_BIN} (build it or set FORGE_BIN)`);
        const port = await freePort();
        const listen = `127.0.0.1:${port}`;
        this.stderrPath = path.join(this.tmp, 'stderr.log');
        const stderr = fs.openSync(this.stderrPath, 'w');
        this.proc = spawn(FORGE_BIN, ['serve'], {
            cwd: this.tmp,
            env: cleanEnv({
                FORGE_SERVER_LISTEN: listen,
                FORGE_SERVER_BASE_URL: `http://${listen}`,
                FORGE_STORAGE_DATA: this.data,
            }),
            stdio: ['ignore', 'pipe', stderr],
        });
        fs.closeSync(stderr);
        this.exited = new Promise(resolve => this.proc.on('exit', (code, sig) => resolve({ code, sig })));
        this.proc.stdout.setEncoding('utf8');
        await new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                reject(new Error(`forge serve did not start in time\nstdout=${this.stdout}\n` +
                                 `stderr=${this.stderrText()}`));
            }, START_TIMEOUT_MS);
            const check = () => {
                const pw = /password:\s*(\S+)/.exec(this.stdout);
                const ls = /listening on (http:\/\/\S+)/.exec(this.stdout);
                if (pw && ls) {
                    clearTimeout(timer);
                    this.adminPassword = pw[1];
                    this.baseUrl = ls[1].replace(/\/$/, '');
                    resolve();
                }
            };
            this.proc.stdout.on('data', chunk => {
                this.stdout += chunk;
                check();
            });
            this.proc.on('exit', code => {
                clearTimeout(timer);
                reject(new Error(`forge serve exited with ${code} before listening\n` +
                                 `stdout=${this.stdout}\nstderr=${this.stderrText()}`));
            });
        });
        this.port = port;
        return this;
    }

    stderrText()
    {
        try {
            return fs.readFileSync(this.stderrPath, 'utf8');
        } catch {
            return '';
        }
    }

    url(p = '/')
    {
        return this.baseUrl + p;
    }

    // SIGTERM, then SIGKILL after a while; removes the temporary directory. Throws when
    // the server's log holds a sanitizer report (builds with FORGE_SANITIZE).
    async stop()
    {
        if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
            this.proc.kill('SIGTERM');
            const timer = setTimeout(() => this.proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
            await this.exited;
            clearTimeout(timer);
        }
        const log = this.stderrText();
        fs.rmSync(this.tmp, { recursive: true, force: true });
        const report = /(ERROR: \w+Sanitizer|runtime error:)/.exec(log);
        if (report)
            throw new Error(`the server reported a sanitizer error:\n${log.slice(Math.max(0, report.index - 200), report.index + 4000)}`);
    }

    // `forge ARGS...` on the server's data directory; throws with its output on failure.
    cli(args, input = '')
    {
        const proc = spawnSync(FORGE_BIN, args, {
            env: cleanEnv({ FORGE_STORAGE_DATA: this.data }),
            input,
            encoding: 'utf8',
            timeout: CLI_TIMEOUT_MS,
        });
        if (proc.status !== 0)
            throw new Error(`forge ${args.join(' ')} failed:\n${describe(proc)}`);
        return proc.stdout;
    }

    createUser(name, { password = PASSWORD, admin = false } = {})
    {
        const args = ['admin', 'user', 'create', name, '--email', `${name}@example.org`];
        if (admin)
            args.push('--admin');
        args.push('--password-stdin');
        this.cli(args, password + '\n');
    }

    createGroup(name) { this.cli(['admin', 'group', 'create', name]); }
    addMember(group, user, role = 'member')
    {
        this.cli(['admin', 'group', 'add-member', group, user, '--role', role]);
    }
    createProject(fullName, visibility = 'public')
    {
        this.cli(['admin', 'project', 'create', fullName, '--visibility', visibility]);
    }
    grant(fullName, who, level) { this.cli(['admin', 'project', 'grant', fullName, who, level]); }

    // http://user:password@host:port/owner/name.git
    gitUrl(fullName, user, password)
    {
        const u = new URL(`${this.baseUrl}/${fullName}.git`);
        if (user !== undefined) {
            u.username = encodeURIComponent(user);
            u.password = encodeURIComponent(password);
        }
        return u.toString();
    }
}

// ---------------------------------------------------------------------------
// The git client

export const AUTHOR = { name: 'Forge Tester', email: 'tester@example.org' };
// 2021-03-01 00:00:00 UTC; each later commit one day after the one before.
export const BASE_EPOCH = 1614556800;

export class Git {
    constructor(home)
    {
        this.home = home;
        fs.mkdirSync(home, { recursive: true });
    }

    env(extra = {})
    {
        const env = {};
        for (const [k, v] of Object.entries(process.env))
            if (!k.startsWith('GIT_') && !/^(https?|all|no)_proxy$/i.test(k) &&
                !['HOME', 'XDG_CONFIG_HOME', 'SSH_ASKPASS'].includes(k))
                env[k] = v;
        return Object.assign(env, {
            HOME: this.home,
            XDG_CONFIG_HOME: path.join(this.home, '.config'),
            GIT_CONFIG_NOSYSTEM: '1',
            GIT_TERMINAL_PROMPT: '0',
            LC_ALL: 'C.UTF-8',
            no_proxy: '*',
            NO_PROXY: '*',
        }, extra);
    }

    run(args, { cwd, epoch, input } = {})
    {
        const extra = {};
        if (epoch !== undefined) {
            const date = `${epoch} +0000`;
            Object.assign(extra, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
        }
        const proc = spawnSync('git', [
            '-c', `user.name=${AUTHOR.name}`, '-c', `user.email=${AUTHOR.email}`,
            '-c', 'init.defaultBranch=main', '-c', 'advice.detachedHead=false',
            '-c', 'core.autocrlf=false', ...args,
        ], { cwd, env: this.env(extra), encoding: 'utf8', input, timeout: CLI_TIMEOUT_MS });
        if (proc.status !== 0)
            throw new Error(`git ${args.join(' ')} failed:\n${describe(proc)}`);
        return proc.stdout.trim();
    }

    // Writes `files` ({relative path: string or Buffer}) and commits everything.
    commit(dir, message, files, epoch)
    {
        for (const [rel, content] of Object.entries(files)) {
            const full = path.join(dir, rel);
            fs.mkdirSync(path.dirname(full), { recursive: true });
            fs.writeFileSync(full, content);
        }
        this.run(['add', '-A'], { cwd: dir });
        this.run(['commit', '-q', '-m', message], { cwd: dir, epoch });
        return this.run(['rev-parse', 'HEAD'], { cwd: dir });
    }
}

// ---------------------------------------------------------------------------
// The browser

export const CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Headless Chromium with a fresh profile (playwright makes a temporary user-data dir).
export async function launchBrowser()
{
    const { chromium } = loadPlaywright();
    if (!fs.existsSync(CHROMIUM))
        throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
    return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
                             timeout: START_TIMEOUT_MS });
}

// A browser context that speaks English unless told otherwise; pages record their
// uncaught errors, dialogs and console errors for later assertions.
export async function newContext(browser, forge, options = {})
{
    const context = await browser.newContext({
        baseURL: forge.baseUrl,
        locale: 'en-US', // also sets Accept-Language
        ...options,
    });
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    context.on('page', watchPage);
    return context;
}

function watchPage(page)
{
    page.forgeEvents = { errors: [], dialogs: [], console: [] };
    page.on('pageerror', e => page.forgeEvents.errors.push(String(e)));
    page.on('console', m => {
        if (m.type() === 'error')
            page.forgeEvents.console.push(`${m.text()} (${page.url()})`);
    });
    page.on('dialog', d => {
        page.forgeEvents.dialogs.push(d.message());
        d.dismiss().catch(() => {});
    });
}

// Goes to `url` and asserts the status of the response. The page's recorded errors and
// dialogs start afresh.
export async function visit(page, url, status = 200)
{
    if (page.forgeEvents)
        for (const list of Object.values(page.forgeEvents))
            list.length = 0;
    const response = await page.goto(url);
    assert.ok(response, `no response for ${url}`);
    assert.equal(response.status(), status,
                 `GET ${url}: status ${response.status()}, expected ${status}`);
    return response;
}

// The page's own headings of level 1; a rendered README's are counted apart (see the
// test "a README's top heading is not a second h1 of the page").
export const PAGE_H1 = 'h1:not(article#readme h1)';

// The common page structure: one <main id="main"> holding exactly one <h1>.
export async function expectPageStructure(page)
{
    assert.equal(await page.locator('main#main').count(), 1, `${page.url()}: one main#main`);
    assert.equal(await page.locator(PAGE_H1).count(), 1, `${page.url()}: exactly one h1`);
    assert.equal(await page.locator(`main#main ${PAGE_H1}`).count(), 1, `${page.url()}: h1 inside main`);
}

// No uncaught script errors and no console errors (such as Content-Security-Policy
// violations) since the page was opened; failed loads of the page itself do not count.
export function expectNoConsoleErrors(page)
{
    const errors = page.forgeEvents.console.filter(
        e => !/^Failed to load resource: the server responded with a status of 4\d\d/.test(e));
    assert.deepEqual([...page.forgeEvents.errors, ...errors], [],
                     `script or console errors on ${page.url()}`);
}

// The project's tabs: the navigation inside main that links to "Code".
export function projectTabs(page)
{
    return page.locator('main nav').filter({ has: page.getByRole('link', { name: 'Code', exact: true }) });
}

// The link to `name` in a file table; directories may be shown with a trailing slash.
export function fileLink(page, name)
{
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return page.locator('table.files').getByRole('link', { name: new RegExp(`^${escaped}/?$`) });
}

export async function signIn(page, login, password)
{
    await visit(page, '/login');
    await page.getByLabel('Username or e-mail').fill(login);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
}

// A new context signed in as `login`.
export async function signedInContext(browser, forge, login, password = PASSWORD)
{
    const context = await newContext(browser, forge);
    const page = await context.newPage();
    await signIn(page, login, password);
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'),
              `signing in as ${login} failed: still on ${page.url()}`);
    return { context, page };
}

// Submits the form holding `button` and waits for the navigation that follows.
export async function submit(page, button)
{
    const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
    return response;
}

// ---------------------------------------------------------------------------
// Accessibility

let axeSource = null;

// Runs axe-core with the WCAG 2.0/2.1 A and AA rules on the page as it is and fails with
// a readable list of violations. The script is evaluated through the browser's debugging
// protocol, so the page's Content-Security-Policy stays in force.
export async function expectNoAxeViolations(page, { exclude = [] } = {})
{
    if (axeSource === null)
        axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    if (!(await page.evaluate(() => typeof window.axe === 'object')))
        await page.evaluate(axeSource);
    const results = await page.evaluate(async (exclude) => {
        const context = exclude.length ? { include: [document], exclude } : document;
        return window.axe.run(context, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
        });
    }, exclude);
    const lines = [];
    for (const v of results.violations) {
        lines.push(`- ${v.id} (${v.impact}): ${v.help}`);
        for (const node of v.nodes.slice(0, 5))
            lines.push(`    ${node.target.join(' ')}: ${node.failureSummary.replace(/\s+/g, ' ')}`);
        if (v.nodes.length > 5)
            lines.push(`    ... and ${v.nodes.length - 5} more`);
    }
    assert.equal(results.violations.length, 0,
                 `axe found violations on ${page.url()}:\n${lines.join('\n')}`);
}

// ---------------------------------------------------------------------------
// Misc

export function tempDir(parent, prefix)
{
    return fs.mkdtempSync(path.join(parent, prefix));
}

// Every POST form of the page carries a non-empty hidden csrf field.
export async function expectCsrfFields(page)
{
    const forms = await page.locator('form').evaluateAll(fs => fs.map(f => ({
        action: f.getAttribute('action'),
        method: (f.getAttribute('method') || 'get').toLowerCase(),
        csrf: f.querySelector('input[type=hidden][name=csrf]')?.value || '',
    })));
    const missing = forms.filter(f => f.method === 'post' && !f.csrf).map(f => f.action);
    assert.deepEqual(missing, [], `${page.url()}: POST forms without a csrf token`);
}

// The CSRF token of the first form on the page (hidden input name=csrf).
export async function csrfToken(page)
{
    return page.locator('input[type=hidden][name=csrf]').first().inputValue();
}
