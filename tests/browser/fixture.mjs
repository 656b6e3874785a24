// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// The small repository the browser tests push and browse. Dates are fixed, so the same
// script always makes the same commits.
//
//   c1  README.md (a heading, a relative link, a <script>), docs/guide.md,
//       src/lib/util.txt (nested), lines.txt (20 lines), logo.bin (binary)  <- tag v1.0
//   c2  lines.txt: line 10 changed                                       <- main
//   c1 -- x1  feature.txt                                                <- feature/x

import { BASE_EPOCH, Git } from './harness.mjs';

const DAY = 86400;

export const README = [
    '# Fixture project',
    '',
    'Read [the guide](docs/guide.md) first.',
    '',
    '<script>window.__forgeReadmeScript = 1; alert("readme script ran");</script>',
    '',
    'Some **bold** text & <em>markup</em>.',
    '',
].join('\n');

export const GUIDE = '# Guide\n\nThe guide to the fixture.\n';

export function linesFile(changed)
{
    const lines = [];
    for (let i = 1; i <= 20; i++)
        lines.push(changed && i === 10 ? 'line ten, changed' : `line ${i}`);
    return lines.join('\n') + '\n';
}

export const BINARY = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x00]),
    Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)),
]);

export const SUMMARY_C2 = 'Change line ten';
export const SUMMARY_X1 = 'Add the feature file';

// Builds the repository in `dir` (a new directory); returns the commit ids.
export function buildFixture(git, dir)
{
    git.run(['init', '-q', '-b', 'main', dir]);
    const c1 = git.commit(dir, 'Initial import', {
        'README.md': README,
        'docs/guide.md': GUIDE,
        'src/lib/util.txt': 'util\n',
        'lines.txt': linesFile(false),
        'logo.bin': BINARY,
    }, BASE_EPOCH);
    git.run(['tag', 'v1.0'], { cwd: dir });
    const c2 = git.commit(dir, `${SUMMARY_C2}\n\nThe tenth line says what it is.`,
                          { 'lines.txt': linesFile(true) }, BASE_EPOCH + DAY);
    git.run(['checkout', '-q', '-b', 'feature/x', c1], { cwd: dir });
    const x1 = git.commit(dir, SUMMARY_X1, { 'feature.txt': 'only on feature/x\n' },
                          BASE_EPOCH + 2 * DAY);
    git.run(['checkout', '-q', 'main'], { cwd: dir });
    return { c1, c2, x1 };
}

// Pushes main, feature/x and the tags to `url` (with credentials in it).
export function pushFixture(git, dir, url)
{
    git.run(['push', '-q', url, 'main', 'feature/x', '--tags'], { cwd: dir });
}

export { Git };
