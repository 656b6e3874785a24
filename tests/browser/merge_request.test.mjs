// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// The review loop in the browser: a branch is pushed, a merge request opened from the
// project page's offer, a line commented, a fix pushed (the comment turns outdated), a
// maintainer approves and merges, and the target branch moves. Also a conflict, a fork,
// an outsider, and the accessibility of every merge request page.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    Forge, Git, expectNoAxeViolations, launchBrowser, signedInContext, submit, tempDir, visit,
} from './harness.mjs';

const FULL = 'bob/town';
const P = `/${FULL}`;

describe('merge requests in the browser', () => {
    let forge;
    let browser;
    let bob;   // the author: owns the project
    let carol; // a maintainer who reviews and merges
    let git;
    let work;

    function remoteHead(ref)
    {
        const out = git.run(['ls-remote', forge.gitUrl(FULL, 'bob', 'correct horse battery'), ref]);
        return out.split(/\s+/)[0] || '';
    }

    function pushBranch(branch, files, start = 'main')
    {
        git.run(['checkout', '-q', '-B', branch, start], { cwd: work });
        const id = git.commit(work, `Change on ${branch}`, files);
        git.run(['push', '-q', '-f', 'origin', branch], { cwd: work });
        return id;
    }

    before(async () => {
        forge = await new Forge().start();
        forge.createUser('bob');
        forge.createUser('carol');
        forge.createUser('eve');
        forge.createProject(FULL, 'private');
        forge.grant(FULL, 'carol', 'maintain');
        git = new Git(path.join(forge.tmp, 'home'));
        work = tempDir(forge.tmp, 'work-');
        git.run(['init', '-q', '-b', 'main', work]);
        git.commit(work, 'Start', { 'plan.txt': 'one\ntwo\nthree\nfour\nfive\n' });
        git.run(['remote', 'add', 'origin', forge.gitUrl(FULL, 'bob', 'correct horse battery')],
                { cwd: work });
        git.run(['push', '-q', 'origin', 'main'], { cwd: work });
        browser = await launchBrowser();
        bob = await signedInContext(browser, forge, 'bob');
        carol = await signedInContext(browser, forge, 'carol');
    });

    after(async () => {
        await browser?.close();
        await forge?.stop();
    });

    test('push, open, comment on a line, fix, approve, merge', async () => {
        const before = remoteHead('refs/heads/main');
        pushBranch('louder', { 'plan.txt': 'one\nTWO\nthree\nfour\nfive\n' });
        const page = bob.page;
        await visit(page, P);
        await submit(page, page.getByRole('link', { name: 'Open a merge request' }));
        assert.match(new URL(page.url()).pathname, /\/merge_requests\/new$/);
        await page.getByLabel('Title').fill('Shout the second line');
        await page.getByLabel('Description (Markdown)').fill('It should be **loud**.');
        await page.getByLabel('Reviewers (user names, separated by spaces)').fill('carol');
        await submit(page, page.getByRole('button', { name: 'Open merge request' }));
        assert.equal(new URL(page.url()).pathname, `${P}/merge_requests/1`);
        assert.equal(await page.locator('.description strong').textContent(), 'loud');
        await expectNoAxeViolations(page);

        // carol comments on the changed line from the changes tab.
        const review = carol.page;
        await visit(review, `${P}/merge_requests/1/changes`);
        await expectNoAxeViolations(review);
        await submit(review, review.locator('tr.add a[title="Comment on this line"]').first());
        await review.getByLabel('Comment on line 2 of plan.txt').fill('Not *that* loud');
        await submit(review, review.getByRole('button', { name: 'Add comment' }));
        assert.equal(await review.locator('tr.notes .thread em').textContent(), 'that');

        // bob pushes a fix: the comment is outdated, still readable in the conversation.
        git.commit(work, 'Quieter', { 'plan.txt': 'one\nTwo\nthree\nfour\nfive\n' });
        git.run(['push', '-q', 'origin', 'louder'], { cwd: work });
        await visit(review, `${P}/merge_requests/1`);
        const thread = review.locator('.thread').first();
        assert.match(await thread.textContent(), /Outdated/);
        assert.match(await thread.textContent(), /Not that loud/);
        await visit(review, `${P}/merge_requests/1/commits`);
        assert.equal(await review.locator('ol li').count(), 2);

        // The author may not approve; carol approves and merges.
        await visit(page, `${P}/merge_requests/1`);
        assert.equal(await page.getByLabel('Approve').count(), 0);
        await visit(review, `${P}/merge_requests/1`);
        await review.getByLabel('Approve').check();
        await submit(review, review.getByRole('button', { name: 'Submit' }));
        assert.match(await review.locator('#reviews-heading + ul').textContent(), /carol: approved/);
        await review.getByLabel('Delete the source branch').check();
        await submit(review, review.getByRole('button', { name: 'Merge', exact: true }));
        assert.match(await review.locator('.badge.state-merged').textContent(), /Merged/);
        const after = remoteHead('refs/heads/main');
        assert.notEqual(after, before);
        assert.equal(remoteHead('refs/heads/louder'), '');
        await visit(review, `${P}/branches`);
        assert.equal(await review.locator(`a[href="${P}/tree/louder"]`).count(), 0);
        assert.equal(await review.locator(`a[href="${P}/tree/main"]`).count() > 0, true);
        await visit(review, `${P}/merge_requests?state=merged`);
        assert.match(await review.locator('.mr-list').textContent(), /Shout the second line/);
        await expectNoAxeViolations(review);
    });

    test('a conflicting merge request names the files and offers no merge', async () => {
        git.run(['fetch', '-q', 'origin'], { cwd: work });
        pushBranch('left', { 'plan.txt': 'LEFT\n' }, 'origin/main');
        pushBranch('right', { 'plan.txt': 'RIGHT\n' }, 'origin/main');
        const page = bob.page;
        for (const branch of ['left', 'right']) {
            await visit(page, `${P}/merge_requests/new?source=${branch}`);
            await submit(page, page.getByRole('button', { name: 'Open merge request' }));
        }
        const right = new URL(page.url()).pathname;
        const left = right.replace(/\d+$/, (n) => String(Number(n) - 1));
        await visit(carol.page, left);
        await submit(carol.page, carol.page.getByRole('button', { name: 'Merge', exact: true }));
        await visit(carol.page, right);
        const box = await carol.page.locator('.merge-box').textContent();
        assert.match(box, /conflict with the target branch/);
        assert.match(box, /plan\.txt/);
        assert.equal(await carol.page.getByRole('button', { name: 'Merge', exact: true }).count(), 0);
        await expectNoAxeViolations(carol.page);

        // Side by side: the removed first line stands beside the line that replaces it,
        // and a line can be commented from there too.
        await visit(carol.page, `${right}/changes?view=split`);
        const first = carol.page.locator('table.diff.split tbody tr:not(.hunk)').first();
        assert.equal(await first.locator('td.del').textContent(), 'one');
        assert.equal(await first.locator('td.add').textContent(), 'RIGHT');
        await expectNoAxeViolations(carol.page);
        await submit(carol.page, first.locator('a[title="Comment on this line"]').last());
        await carol.page.getByLabel('Comment on line 1 of plan.txt').fill('Why shout?');
        await submit(carol.page, carol.page.getByRole('button', { name: 'Add comment' }));
        assert.match(new URL(carol.page.url()).search, /view=split/);
        assert.match(await carol.page.locator('table.split tr.notes').textContent(), /Why shout\?/);
    });

    test('an outsider finds no merge requests of a private project', async () => {
        const eve = await signedInContext(browser, forge, 'eve');
        for (const url of [`${P}/merge_requests`, `${P}/merge_requests/1`,
                           `${P}/merge_requests/1/changes`, `${P}/merge_requests/new`])
            await visit(eve.page, url, 404);
        await eve.context.close();
    });

    test('a fork proposes a change back', async () => {
        forge.grant(FULL, 'eve', 'read');
        const eve = await signedInContext(browser, forge, 'eve');
        await visit(eve.page, P);
        await submit(eve.page, eve.page.getByRole('button', { name: 'Fork' }));
        assert.equal(new URL(eve.page.url()).pathname, '/eve/town');
        assert.match(await eve.page.locator('main').textContent(), /Forked from/);
        const clone = tempDir(forge.tmp, 'fork-');
        git.run(['clone', '-q', forge.gitUrl('eve/town', 'eve', 'correct horse battery'), clone]);
        git.commit(clone, 'An idea', { 'idea.txt': 'idea\n' });
        git.run(['push', '-q', 'origin', 'HEAD:refs/heads/idea'], { cwd: clone });
        await visit(eve.page, `${P}/merge_requests/new?source=eve/town:idea`);
        await submit(eve.page, eve.page.getByRole('button', { name: 'Open merge request' }));
        assert.match(new URL(eve.page.url()).pathname, /\/merge_requests\/\d+$/);
        assert.match(await eve.page.locator('main').textContent(), /eve\/town:idea/);
        await eve.context.close();
    });
    test('a project that needs an approval does not merge without one', async () => {
        const page = bob.page;
        await visit(page, `${P}/settings/merging`);
        await expectNoAxeViolations(page);
        await page.getByLabel('Approvals needed from maintainers before merging').fill('1');
        await submit(page, page.getByRole('button', { name: 'Save' }));
        assert.equal(await page.getByLabel('Approvals needed from maintainers before merging')
            .inputValue(), '1');
        await visit(carol.page, `${P}/settings/merging`, 404);
        git.run(['fetch', '-q', 'origin'], { cwd: work });
        pushBranch('careful', { 'careful.txt': 'careful\n' }, 'origin/main');
        await visit(page, `${P}/merge_requests/new?source=careful`);
        await page.getByLabel('Reviewers (user names, separated by spaces)').fill('carol');
        await submit(page, page.getByRole('button', { name: 'Open merge request' }));
        const url = new URL(page.url()).pathname;
        await visit(carol.page, '/');
        assert.match(await carol.page.locator('main').textContent(), /careful/);
        await visit(carol.page, url);
        assert.match(await carol.page.locator('.merge-box').textContent(),
                     /needs 1 approvals from maintainers and has 0/);
        assert.equal(await carol.page.getByRole('button', { name: 'Merge', exact: true }).count(), 0);
        await carol.page.getByLabel('Approve').check();
        await submit(carol.page, carol.page.getByRole('button', { name: 'Submit' }));
        await submit(carol.page, carol.page.getByRole('button', { name: 'Merge', exact: true }));
        assert.match(await carol.page.locator('.badge.state-merged').textContent(), /Merged/);
    });
});
