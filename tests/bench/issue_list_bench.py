#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Benchmark of the issue tracker and the forum on a project with 20,000 issues and
100,000 comments (and 2,000 threads with 10,000 replies): the issue list, filtered lists,
full-text searches, an issue page and the forum, each timed over sequential requests on one
keep-alive connection (p50, p99, requests/s), next to the project's summary page and
/healthz of the same server as the reference. The target is p99 < 50 ms for the list, the
filtered list and the search. Run on demand, never by the test suite; see README.md.

    python3 tests/bench/issue_list_bench.py            # 300 requests per page
    FORGE_BENCH_REQUESTS=100 python3 tests/bench/issue_list_bench.py
"""

import http.client
import os
import random
import sqlite3
import sys
import time

import bench_common as bc

ISSUES = bc.env_int("FORGE_BENCH_ISSUES", 20000, 1)
COMMENTS = bc.env_int("FORGE_BENCH_COMMENTS", 100000, 0)
THREADS = bc.env_int("FORGE_BENCH_THREADS", 2000, 1)
REPLIES = bc.env_int("FORGE_BENCH_REPLIES", 10000, 0)
REQUESTS = bc.env_int("FORGE_BENCH_REQUESTS", 300, 10)
TARGET_MS = 50.0

# A vocabulary with Zipf-distributed frequencies, as natural text has: a few very common
# words, the domain's words in the middle ranks, a long tail of rare ones.
DOMAIN = ("Abfall Kalender Straße Müll Termin Bürger Antrag Formular Anmeldung Gebühr "
          "pickup calendar street waste form permit fee login export import search "
          "crash slow error page button mobile print address register").split()
RARE = "Glasfasernetzausbau"  # in a handful of issues only


def vocabulary():
    rng = random.Random(3)
    syllables = "ka ne lo mi ra su te bo fi da ge wu sch ung ver bau lan dor".split()
    made = set()
    while len(made) < 3000:
        made.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    words = sorted(made)
    rng.shuffle(words)
    words[60:60] = DOMAIN
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    return words, weights


WORDS, WEIGHTS = vocabulary()


def text(rng, n):
    return " ".join(rng.choices(WORDS, WEIGHTS, k=n))


def fill(data, users):
    """Issues, comments, labels, milestones, assignees and a forum, straight into SQLite
    (the FTS tables follow through their triggers)."""
    rng = random.Random(7)
    db = sqlite3.connect(os.path.join(data, "forge.db"))
    db.execute("PRAGMA foreign_keys = ON")
    (project,) = db.execute("SELECT id FROM projects WHERE name = 'tracker'").fetchone()
    ids = [db.execute("SELECT id FROM users WHERE name = ?", (u,)).fetchone()[0] for u in users]
    now = int(time.time())
    with db:
        labels = []
        for name, color in (("bug", "#d73a4a"), ("feature", "#a2eeef"), ("question", "#d876e3"),
                            ("security", "#b60205"), ("docs", "#0075ca"), ("ux", "#fbca04"),
                            ("performance", "#0e8a16"), ("duplicate", "#cfd3d7"),
                            ("wontfix", "#ffffff"), ("help wanted", "#008672")):
            cur = db.execute("INSERT INTO labels (project_id, name, color) VALUES (?, ?, ?)",
                             (project, name, color))
            labels.append(cur.lastrowid)
        milestones = [db.execute("INSERT INTO milestones (project_id, title, created_at) "
                                 "VALUES (?, ?, ?)", (project, "Release %d" % i, now)).lastrowid
                      for i in range(1, 6)]
        issues = []
        for number in range(1, ISSUES + 1):
            db.execute("INSERT INTO item_numbers (project_id, number, kind) VALUES (?, ?, 'issue')",
                       (project, number))
            created = now - (ISSUES - number) * 600
            title = text(rng, 6) + (" " + RARE if number % 4000 == 0 else "")
            cur = db.execute(
                "INSERT INTO issues (project_id, number, author_id, title, body, state, "
                "milestone_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (project, number, rng.choice(ids), title, text(rng, 60),
                 "closed" if rng.random() < 0.6 else "open",
                 rng.choice(milestones) if rng.random() < 0.3 else None, created, created))
            issue = cur.lastrowid
            issues.append(issue)
            for label in rng.sample(labels, rng.choice((0, 1, 1, 2))):
                db.execute("INSERT INTO issue_labels (issue_id, label_id) VALUES (?, ?)",
                           (issue, label))
            if rng.random() < 0.2:
                db.execute("INSERT INTO issue_assignees (issue_id, user_id) VALUES (?, ?)",
                           (issue, rng.choice(ids)))
        counts = {}
        busy = issues[-1]  # the newest issue gets 50 comments for the issue page
        plan = [busy] * min(50, COMMENTS) + [rng.choice(issues) for _ in range(COMMENTS - 50)]
        for issue in plan:
            db.execute("INSERT INTO issue_comments (issue_id, author_id, body, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?)",
                       (issue, rng.choice(ids), text(rng, 30), now, now))
            counts[issue] = counts.get(issue, 0) + 1
        db.executemany("UPDATE issues SET comment_count = ? WHERE id = ?",
                       [(n, i) for i, n in counts.items()])
        categories = [db.execute("INSERT INTO discussion_categories (project_id, name, kind, "
                                 "position) VALUES (?, ?, ?, ?)",
                                 (project, name, kind, pos)).lastrowid
                      for pos, (name, kind) in enumerate((("Announcements", "announcements"),
                                                          ("Questions", "questions"),
                                                          ("Ideas", "ideas")), 1)]
        threads = []
        for number in range(1, THREADS + 1):
            threads.append(db.execute(
                "INSERT INTO discussions (project_id, number, category_id, author_id, title, "
                "body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (project, number, rng.choice(categories), rng.choice(ids), text(rng, 6),
                 text(rng, 40), now - number, now - number)).lastrowid)
        for _ in range(REPLIES):
            thread = rng.choice(threads)
            db.execute("INSERT INTO discussion_replies (discussion_id, author_id, body, "
                       "created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                       (thread, rng.choice(ids), text(rng, 25), now, now))
            db.execute("UPDATE discussions SET reply_count = reply_count + 1 WHERE id = ?",
                       (thread,))
    number_of_busy = db.execute("SELECT number FROM issues WHERE id = ?", (busy,)).fetchone()[0]
    db.execute("PRAGMA optimize")
    db.close()
    return number_of_busy


def measure(port, path):
    """Latencies in ms of REQUESTS sequential GETs on one keep-alive connection, after a
    warm-up; fails unless every answer is 200."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for i in range(REQUESTS + 20):
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise bc.BenchError("GET %s: %d %s" % (path, response.status, body[:200]))
        if i >= 20:
            times.append(elapsed)
    conn.close()
    times.sort()
    p50 = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return p50, p99, 1000.0 * len(times) / sum(times), len(body)


def main():
    run_dir = os.path.join(bc.WORK, "issues")
    bc.rmtree(run_dir)
    os.makedirs(run_dir)
    binary, described = bc.copy_forge_binary(run_dir)
    bc.log("forge: " + described)
    server = bc.ForgeServer("forge", run_dir, binary)
    server.setup_owner()
    users = [server.owner]
    for name in ("anna", "ben", "cem", "dora"):
        server.cli("admin", "user", "create", name, "--email", name + "@example.org",
                   "--password-stdin", input="bench password 12345\n")
        users.append(name)
    server.create_repo("tracker")
    bc.log("filling %d issues, %d comments, %d threads, %d replies" %
           (ISSUES, COMMENTS, THREADS, REPLIES))
    busy = fill(server.data, users)
    server.start()
    base = "/%s/tracker" % server.owner
    pages = [
        ("summary page (reference)", base, False),
        ("/healthz (reference)", "/healthz", False),
        ("issue list", base + "/issues", True),
        ("list, label + open", base + "/issues?state=open&label=bug", True),
        ("list, assignee", base + "/issues?state=all&assignee=ben", True),
        ("list, milestone, by comments", base + "/issues?state=all&milestone=1&sort=comments", True),
        ("search, rare word", base + "/issues?state=all&q=" + RARE.lower(), True),
        ("search, common word", base + "/issues?state=all&q=kalender", True),
        ("search, two words", base + "/issues?q=strasse+export", True),
        ("issue page, 50 comments", "%s/issues/%d" % (base, busy), False),
        ("forum list", base + "/discussions", False),
        ("forum search", base + "/discussions?q=permit", False),
    ]
    rows = []
    try:
        for name, path, targeted in pages:
            p50, p99, rate, size = measure(server.port, path)
            rows.append((name, p50, p99, rate, size, targeted))
            bc.log("%-30s p50 %6.1f ms  p99 %6.1f ms" % (name, p50, p99))
        rss = bc.tree_rss(server.pid())
    finally:
        server.stop()
    reference = rows[0][2]
    print()
    print("%d issues, %d comments, %d threads, %d replies; %d sequential requests per page"
          % (ISSUES, COMMENTS, THREADS, REPLIES, REQUESTS))
    print("%-30s %9s %9s %8s %9s %10s  %s" % ("page", "p50 ms", "p99 ms", "req/s", "bytes",
                                               "p99/summary", "target p99 < 50 ms"))
    failed = False
    for name, p50, p99, rate, size, targeted in rows:
        verdict = ("PASS" if p99 < TARGET_MS else "FAIL") if targeted else ""
        failed = failed or verdict == "FAIL"
        print("%-30s %9.1f %9.1f %8.0f %9d %10.2f  %s" % (name, p50, p99, rate, size,
                                                         p99 / reference, verdict))
    print("forge RSS after the run: %.0f MiB" % bc.mib(rss))
    print("load average: %s" % (bc.loadavg(),))
    return 1 if failed else 0


if __name__ == "__main__":
    bc.exit_on_signals()
    try:
        sys.exit(main())
    except bc.BenchError as error:
        print("benchmark failed: %s" % error, file=sys.stderr)
        sys.exit(2)
