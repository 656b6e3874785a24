#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""The deterministic synthetic repository the benchmarks serve, made with
`git fast-import` from a seeded generator and kept in a cache under
$FORGE_BENCH_DIR/cache, shared by the benchmarks (same settings, same repository).

Settings (environment): FORGE_BENCH_COMMITS, FORGE_BENCH_FILES, FORGE_BENCH_SEED,
FORGE_BENCH_INCREMENTAL; see README.md.
"""

import json
import os
import random
import shutil
import subprocess
import threading
import time

from bench_common import GIT_TIMEOUT, WORK, BenchError, env_int, log, rmtree, tail_text

# Bump when the generator changes, so that old caches are not reused.
GENERATOR_VERSION = 2

COMMITS = env_int("FORGE_BENCH_COMMITS", 2000, 200)
FILES = env_int("FORGE_BENCH_FILES", 300, 20)
SEED = env_int("FORGE_BENCH_SEED", 1)
TAIL = env_int("FORGE_BENCH_INCREMENTAL", 100, 1)

if TAIL >= COMMITS // 2:
    raise SystemExit("FORGE_BENCH_INCREMENTAL must be less than half of FORGE_BENCH_COMMITS")


# ---------------------------------------------------------------------------
# The synthetic repository


WORDS = (
    "alpha anchor apply array batch beta bitmap block buffer bundle cache channel chunk "
    "client codec commit config context counter cursor decode delta digest encode entry "
    "error event fetch field filter flag frame graph handle hash header index input item "
    "journal key label layer length limit list lock logger mailbox map marker message "
    "metric mode node object offset option output packet page parse path peer pointer pool "
    "port queue range reader record region registry request response result route row "
    "sample scan schema session signal size slot socket source state stream string table "
    "task ticket timer token trace tree update user value vector view window worker writer"
).split()
TYPES = ["int", "size_t", "bool", "uint32_t", "uint64_t", "double", "int64_t",
         "std::string", "const char*", "std::vector<int>"]
PEOPLE = [
    ("Ada Lindqvist", "ada@example.org"), ("Bruno Okafor", "bruno@example.org"),
    ("Chiara Russo", "chiara@example.org"), ("Dmitri Volkov", "dmitri@example.org"),
    ("Elif Demir", "elif@example.org"), ("Femke de Vries", "femke@example.org"),
    ("Goran Petrovic", "goran@example.org"), ("Hana Novak", "hana@example.org"),
]
BASE_EPOCH = 1577836800  # 2020-01-01 00:00:00 UTC
STEP_SECONDS = 3 * 3600


class Generator:
    """Writes a fast-import stream for a history with a main line, feature branches
    merged back into it, a release branch, annotated and lightweight tags; the last
    TAIL commits are plain commits on main, so that a client that stopped before
    them has every other ref as it is now."""

    def __init__(self, commits, files, seed, tail):
        self.rng = random.Random(seed)
        self.commits = commits
        self.nfiles = files
        self.tail = tail
        self.mark = 0
        self.out = None
        self.count = {"commits": 0, "merges": 0, "tags": 0}
        self.merged_branches = []
        self.open_branches = []

    # -- text

    def ident(self):
        r = self.rng
        return "%s_%s" % (r.choice(WORDS), r.choice(WORDS))

    def sentence(self, lo=4, hi=12):
        r = self.rng
        words = [r.choice(WORDS) for _ in range(r.randint(lo, hi))]
        return " ".join(words).capitalize() + "."

    def line(self, kind):
        r = self.rng
        x = r.random()
        if kind in ("c", "h"):
            if x < 0.30:
                return "    %s %s = %s(%s, %d);" % (r.choice(TYPES), self.ident(), self.ident(),
                                                    self.ident(), r.randint(0, 4096))
            if x < 0.42:
                return "    if (%s %s %s) {" % (self.ident(), r.choice(["<", ">", "==", "!="]),
                                                self.ident())
            if x < 0.50:
                return "        return %s;" % self.ident()
            if x < 0.58:
                return "    }"
            if x < 0.72:
                return "    // %s" % self.sentence()
            if x < 0.84:
                return "    %s->%s(%s);" % (self.ident(), self.ident(), self.ident())
            if x < 0.90:
                return ""
            return "static %s %s(%s %s, %s %s)" % (r.choice(TYPES), self.ident(), r.choice(TYPES),
                                                   self.ident(), r.choice(TYPES), self.ident())
        if kind == "py":
            if x < 0.35:
                return "    %s = %s(%s, %d)" % (self.ident(), self.ident(), self.ident(),
                                                r.randint(0, 999))
            if x < 0.50:
                return "    self.assertEqual(%s, %s)" % (self.ident(), self.ident())
            if x < 0.65:
                return "    # %s" % self.sentence()
            if x < 0.75:
                return ""
            return "def test_%s(self):" % self.ident()
        if kind == "sh":
            if x < 0.4:
                return "%s=\"${%s:-%d}\"" % (self.ident().upper(), self.ident().upper(),
                                             r.randint(0, 99))
            if x < 0.7:
                return "run_%s \"$%s\" --%s" % (self.ident(), self.ident().upper(),
                                                r.choice(WORDS))
            return "# %s" % self.sentence()
        # Markdown
        if x < 0.1:
            return "## %s" % self.sentence(2, 5).rstrip(".")
        if x < 0.2:
            return ""
        if x < 0.3:
            return "- %s" % self.sentence(3, 8)
        return self.sentence(8, 18)

    # -- layout

    def layout(self):
        r = self.rng
        tops = [("src", "c", ".cpp"), ("lib", "c", ".c"), ("include", "h", ".h"),
                ("tests", "py", ".py"), ("docs", "md", ".md"), ("tools", "sh", ".sh")]
        weights = [30, 20, 15, 15, 12, 8]
        ndirs = max(len(tops), self.nfiles // 7)
        dirs = [(t[0], t) for t in tops]
        while len(dirs) < ndirs:
            parent, top = r.choice(dirs)
            if parent.count("/") >= 3:
                continue
            name = "%s/%s" % (parent, r.choice(WORDS))
            if name not in (d for d, _ in dirs):
                dirs.append((name, top))
        files = {}
        kinds = {}
        modes = {}
        for special in ("README.md", "CHANGELOG.md", "CONTRIBUTING.md"):
            files[special] = None
            kinds[special] = "md"
            modes[special] = "100644"
        while len(files) < self.nfiles:
            top = r.choices(tops, weights)[0]
            candidates = [d for d, t in dirs if t is top]
            directory = r.choice(candidates)
            path = "%s/%s_%s%s" % (directory, r.choice(WORDS), r.choice(WORDS), top[2])
            if path in files:
                continue
            files[path] = None
            kinds[path] = top[1]
            modes[path] = "100755" if top[1] == "sh" else "100644"
        for path in files:
            kind = kinds[path]
            header = {
                "c": ["// SPDX-License-Identifier: EUPL-1.2", "// %s" % path, "",
                      "#include \"%s.h\"" % path.rsplit("/", 1)[-1].split(".")[0], ""],
                "h": ["// SPDX-License-Identifier: EUPL-1.2", "#pragma once", ""],
                "py": ["# SPDX-License-Identifier: EUPL-1.2", "import unittest", ""],
                "sh": ["#!/bin/sh", "# SPDX-License-Identifier: EUPL-1.2", "set -eu", ""],
                "md": ["# %s" % path, ""],
            }[kind]
            body = [self.line(kind) for _ in range(r.randint(30, 320))]
            files[path] = header + body
        order = sorted(files)
        r.shuffle(order)
        # A few hot files change often (long delta chains), most rarely.
        self.weights = {p: 1.0 / (i + 1) ** 0.8 for i, p in enumerate(order)}
        self.paths = order
        self.kinds = kinds
        self.modes = modes
        return files

    def edit(self, lines, kind):
        r = self.rng
        for _ in range(r.randint(1, 3)):
            x = r.random()
            n = len(lines)
            if x < 0.45 and n > 4:
                lines[r.randrange(4, n)] = self.line(kind)
            elif x < 0.8 or n < 40:
                pos = r.randint(min(4, n), n)
                lines[pos:pos] = [self.line(kind) for _ in range(r.randint(1, 5))]
            else:
                pos = r.randrange(4, n - 3)
                del lines[pos:pos + r.randint(1, 3)]
        if len(lines) > 1200:
            pos = self.rng.randrange(4, len(lines) - 200)
            del lines[pos:pos + 150]

    def pick_files(self, lo, hi, pool=None):
        pool = pool or self.paths
        weights = [self.weights[p] for p in pool]
        want = self.rng.randint(lo, hi)
        chosen = set(self.rng.choices(pool, weights, k=want))
        return sorted(chosen)

    # -- stream

    def w(self, data):
        self.out.write(data if isinstance(data, bytes) else data.encode("utf-8"))

    def data(self, text):
        raw = text.encode("utf-8") if isinstance(text, str) else text
        self.w(b"data %d\n" % len(raw))
        self.w(raw)
        self.w(b"\n")

    def who(self, step, extra=0):
        name, email = PEOPLE[self.rng.randrange(len(PEOPLE))]
        return "%s <%s> %d +0000" % (name, email, BASE_EPOCH + step * STEP_SECONDS + extra)

    def commit(self, ref, step, message, changes, parent=None, merge=None, extra=0):
        self.mark += 1
        who = self.who(step, extra)
        self.w("commit %s\nmark :%d\nauthor %s\ncommitter %s\n" % (ref, self.mark, who, who))
        self.data(message)
        if parent is not None:
            self.w("from :%d\n" % parent)
        if merge is not None:
            self.w("merge :%d\n" % merge)
        for path in sorted(changes):
            self.w("M %s inline %s\n" % (self.modes[path], path))
            self.data("\n".join(changes[path]) + "\n")
        self.count["commits"] += 1
        if merge is not None:
            self.count["merges"] += 1
        return self.mark

    def message(self, files):
        r = self.rng
        verb = r.choice(["Fix", "Add", "Refactor", "Speed up", "Document", "Simplify",
                         "Rename", "Test", "Harden", "Clean up"])
        area = files[0].rsplit("/", 1)[0] if files and "/" in files[0] else "docs"
        subject = "%s %s %s in %s" % (verb, r.choice(WORDS), r.choice(WORDS), area)
        body = " ".join(self.sentence() for _ in range(r.randint(0, 3)))
        return subject + ("\n\n" + body + "\n" if body else "\n")

    def tag(self, name, mark, step, message):
        self.w("tag %s\nfrom :%d\ntagger %s\n" % (name, mark, self.who(step, 60)))
        self.data(message)
        self.count["tags"] += 1

    def lightweight(self, name, mark):
        self.w("reset refs/tags/%s\nfrom :%d\n\n" % (name, mark))
        self.count["tags"] += 1

    def write(self, out):
        self.out = out
        r = self.rng
        main = self.layout()
        main_mark = self.commit("refs/heads/main", 0, "Initial import\n", main)
        tail_start = self.commits - self.tail
        release = None          # {"files", "mark", "fixes"}
        features = []           # [{"name", "files", "touched", "mark", "left"}]
        feature_no = 0
        tag_every = max(20, self.commits // 10)
        minor = 1
        for step in range(1, self.commits):
            in_tail = step >= tail_start
            # Branch work happens before the tail only.
            if not in_tail:
                if len(features) < 2 and step < tail_start - 30 and r.random() < 0.015:
                    feature_no += 1
                    features.append({
                        "name": "feature/%s-%d" % (r.choice(WORDS), feature_no),
                        "files": {p: list(v) for p, v in main.items()},
                        "focus": self.pick_files(4, 10),
                        "touched": set(),
                        "mark": main_mark,
                        "parent": main_mark,
                        "left": r.randint(5, 25),
                    })
                if step in (tail_start - 25, tail_start - 12):
                    # Work in progress that is never merged.
                    feature_no += 1
                    features.append({
                        "name": "wip/%s-%d" % (r.choice(WORDS), feature_no),
                        "files": {p: list(v) for p, v in main.items()},
                        "focus": self.pick_files(3, 6),
                        "touched": set(),
                        "mark": main_mark,
                        "parent": main_mark,
                        "left": 10 ** 6,
                    })
                for f in features:
                    if f["left"] > 0 and (f["mark"] == f["parent"] or r.random() < 0.5):
                        chosen = self.pick_files(1, 3, f["focus"])
                        for p in chosen:
                            self.edit(f["files"][p], self.kinds[p])
                        f["touched"].update(chosen)
                        f["mark"] = self.commit("refs/heads/" + f["name"], step,
                                                self.message(chosen),
                                                {p: f["files"][p] for p in chosen},
                                                parent=f["mark"], extra=600)
                        f["left"] -= 1
                if release is not None and step % 37 == 0:
                    chosen = self.pick_files(1, 2)
                    for p in chosen:
                        self.edit(release["files"][p], self.kinds[p])
                    release["mark"] = self.commit("refs/heads/release/1.x", step,
                                                  "Backport: " + self.message(chosen),
                                                  {p: release["files"][p] for p in chosen},
                                                  parent=release["mark"], extra=1200)
                    release["fixes"] += 1
                    if release["fixes"] % 3 == 0:
                        self.tag("v1.0.%d" % (release["fixes"] // 3), release["mark"], step,
                                 "Release 1.0.%d\n" % (release["fixes"] // 3))
            # The main line: a merge of a finished feature, or an ordinary commit.
            done = [f for f in features if f["left"] == 0 and f["mark"] != f["parent"]]
            if done and not in_tail:
                f = done[0]
                features.remove(f)
                changes = {p: f["files"][p] for p in sorted(f["touched"])}
                main.update({p: list(v) for p, v in changes.items()})
                main_mark = self.commit("refs/heads/main", step,
                                        "Merge branch '%s'\n" % f["name"], changes,
                                        parent=main_mark, merge=f["mark"])
                self.merged_branches.append(f["name"])
            else:
                chosen = self.pick_files(3, 24)
                for p in chosen:
                    self.edit(main[p], self.kinds[p])
                main_mark = self.commit("refs/heads/main", step, self.message(chosen),
                                        {p: main[p] for p in chosen}, parent=main_mark)
            if not in_tail and step % tag_every == 0:
                version = "v%d.%d.0" % (1 if release else 0, minor)
                minor += 1
                self.tag(version, main_mark, step, "Release %s\n" % version[1:])
            if not in_tail and release is None and step >= int(self.commits * 0.6):
                self.tag("v1.0.0", main_mark, step, "Release 1.0.0\n")
                release = {"files": {p: list(v) for p, v in main.items()},
                           "mark": main_mark, "fixes": 0}
                minor = 1
            if step in (self.commits // 3, self.commits // 2):
                self.lightweight("snapshot-%d" % step, main_mark)
        self.open_branches = [f["name"] for f in features]
        self.w("done\n")


# ---------------------------------------------------------------------------
# The cache


def cache_key():
    return "repo-v%d-c%d-f%d-s%d-t%d" % (GENERATOR_VERSION, COMMITS, FILES, SEED, TAIL)


def pack_files(git_dir):
    pack_dir = os.path.join(git_dir, "objects", "pack")
    return sorted(os.listdir(pack_dir)) if os.path.isdir(pack_dir) else []


def loose_object_count(git_dir):
    count = 0
    objects = os.path.join(git_dir, "objects")
    for name in os.listdir(objects):
        if len(name) == 2:
            count += len(os.listdir(os.path.join(objects, name)))
    return count


def build_cache(git, cache):
    """Build the repositories of the cache in a temporary directory, then rename it."""
    tmp = cache + ".tmp"
    rmtree(tmp)
    os.makedirs(tmp)
    src = os.path.join(tmp, "src.git")
    log("building the synthetic repository (%d steps, %d files, seed %d)"
        % (COMMITS, FILES, SEED))
    git.run("init", "-q", "--bare", src)
    gen = Generator(COMMITS, FILES, SEED, TAIL)
    proc = subprocess.Popen(git.args("--git-dir=" + src, "fast-import", "--quiet"),
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=git.env)
    errors = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    reader.start()
    try:
        gen.write(proc.stdin)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    code = proc.wait(timeout=GIT_TIMEOUT)
    reader.join(10)
    if code != 0:
        raise BenchError("git fast-import failed (%d): %s" % (code, tail_text(b"".join(errors))))
    log("fast-import done: %d commits (%d merges), %d tags" % (
        gen.count["commits"], gen.count["merges"], gen.count["tags"]))
    # Merged feature branches are deleted, as people do, except the last two.
    for name in gen.merged_branches[:-2]:
        git.run("--git-dir=" + src, "update-ref", "-d", "refs/heads/" + name)
    git.run("--git-dir=" + src, "symbolic-ref", "HEAD", "refs/heads/main")
    git.run("--git-dir=" + src, "pack-refs", "--all")
    # One pack with git's own deltas, no bitmap: what a server holds after one push.
    log("repacking (git repack -adf, no bitmap)")
    git.run("--git-dir=" + src, "-c", "repack.writeBitmaps=false", "repack", "-adfq")
    if any(p.endswith(".bitmap") for p in pack_files(src)):
        raise BenchError("the plain repository has a bitmap")
    # The same objects after the housekeeping a server would do.
    bitmap = os.path.join(tmp, "bitmap.git")
    shutil.copytree(src, bitmap, symlinks=True)
    log("repacking a copy (git repack -adb --write-bitmap-index)")
    git.run("--git-dir=" + bitmap, "repack", "-adbq", "--write-bitmap-index")
    if not any(p.endswith(".bitmap") for p in pack_files(bitmap)):
        raise BenchError("git repack -adb wrote no bitmap")
    # A client that last fetched just before the last TAIL commits of main.
    old = os.path.join(tmp, "old-client")
    log("making the client that is %d commits behind" % TAIL)
    git.run("clone", "-q", "--no-checkout", "--no-hardlinks", src, old)
    old_tip = git.out("--git-dir=" + src, "rev-parse", "refs/heads/main~%d" % TAIL).strip()
    new_tip = git.out("--git-dir=" + src, "rev-parse", "refs/heads/main").strip()
    git.run("update-ref", "refs/remotes/origin/main", old_tip, cwd=old)
    git.run("update-ref", "refs/heads/main", old_tip, cwd=old)
    git.run("reflog", "expire", "--expire=now", "--all", cwd=old)
    git.run("-c", "repack.writeBitmaps=false", "repack", "-adq", cwd=old)
    git.run("prune", "--expire=now", cwd=old)
    probe = subprocess.run(git.args("cat-file", "-e", new_tip), cwd=old, env=git.env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode == 0:
        raise BenchError("the old client still has the newest commit")
    # Facts about the repository, for the report.
    objects = 0
    for line in git.out("--git-dir=" + src, "count-objects", "-v").splitlines():
        if line.startswith("in-pack:"):
            objects = int(line.split(":")[1])
    refs = git.refs(src)
    info = {
        "objects": objects,
        "commits": int(git.out("--git-dir=" + src, "rev-list", "--count", "--all").strip()),
        "refs": len(refs),
        "branches": sorted(r[len("refs/heads/"):] for r in refs if r.startswith("refs/heads/")),
        "tags": len([r for r in refs if r.startswith("refs/tags/")]),
        "pack_bytes": sum(os.path.getsize(os.path.join(src, "objects", "pack", p))
                          for p in pack_files(src) if p.endswith(".pack")),
        "files": FILES,
        "steps": COMMITS,
        "tail": TAIL,
        "seed": SEED,
        "old_tip": old_tip,
        "new_tip": new_tip,
    }
    with open(os.path.join(tmp, "info.json"), "w") as f:
        json.dump(info, f, indent=1)
    rmtree(cache)
    os.rename(tmp, cache)
    return info


def ensure_cache(git):
    cache = os.path.join(WORK, "cache", cache_key())
    info_path = os.path.join(cache, "info.json")
    if os.path.isfile(info_path):
        with open(info_path) as f:
            info = json.load(f)
        log("using the cached repository %s" % cache)
        return cache, info
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    start = time.monotonic()
    info = build_cache(git, cache)
    log("cache built in %.0fs: %s" % (time.monotonic() - start, cache))
    return cache, info


def seed_repository(git, source, target):
    """Give the bare repository `target` exactly the packs and refs of `source`."""
    if git.refs(target) or pack_files(target) or loose_object_count(target):
        raise BenchError("%s is not empty" % target)
    pack_dir = os.path.join(target, "objects", "pack")
    os.makedirs(pack_dir, exist_ok=True)
    for name in pack_files(source):
        if name.endswith((".pack", ".idx", ".bitmap", ".rev")):
            shutil.copy2(os.path.join(source, "objects", "pack", name),
                         os.path.join(pack_dir, name))
    refs = git.refs(source)
    commands = "".join("create %s %s\n" % (name, oid) for name, oid in sorted(refs.items()))
    git.run("--git-dir=" + target, "update-ref", "--stdin", input=commands.encode())
    git.run("--git-dir=" + target, "symbolic-ref", "HEAD", "refs/heads/main")
    git.run("--git-dir=" + target, "pack-refs", "--all")
    if git.refs(target) != refs:
        raise BenchError("seeding %s: the refs differ from the source" % target)
