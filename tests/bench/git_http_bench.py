#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Benchmark of the forge's git smart-HTTP server against `git http-backend`.

Run through git_http_bench.sh (which installs what is missing); see README.md.
Python 3 standard library only.

One run:
  1. builds (or takes from the cache) a deterministic synthetic repository made
     with `git fast-import`;
  2. serves the same bare repository from a fresh `forge serve` (default settings),
     a second one with its pack cache off, and `git http-backend` as CGI under
     lighttpd, all on 127.0.0.1;
  3. times the same git operations against each, several repetitions each, the
     servers taking turns, once with the repositories as a push leaves them (one
     pack, no bitmap) and once after `git repack -adb --write-bitmap-index`;
  4. prints a table of medians, minimums and forge/reference ratios, and the
     forge's memory use during full clones.

Exit status: 0 when every operation ran (whatever the ratios), 1 when some
operation failed against some server (the table says which), 2 when the
benchmark could not be set up.
"""

import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

# Bump when the generator changes, so that old caches are not reused.
GENERATOR_VERSION = 2


def env_int(name, default, minimum=0):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit("%s must be an integer, not %r" % (name, raw))
    if value < minimum:
        raise SystemExit("%s must be at least %d" % (name, minimum))
    return value


WORK = os.path.abspath(os.environ.get("FORGE_BENCH_DIR") or "/tmp/forge-bench")
FORGE_BIN = os.path.abspath(os.environ.get("FORGE_BIN")
                            or os.path.join(PROJECT_ROOT, "build", "forge", "forge"))
COMMITS = env_int("FORGE_BENCH_COMMITS", 2000, 200)
FILES = env_int("FORGE_BENCH_FILES", 300, 20)
SEED = env_int("FORGE_BENCH_SEED", 1)
TAIL = env_int("FORGE_BENCH_INCREMENTAL", 100, 1)
REPS = env_int("FORGE_BENCH_REPS", 7, 1)
SLOW_REPS = env_int("FORGE_BENCH_SLOW_REPS", 5, 1)
KEEP = os.environ.get("FORGE_BENCH_KEEP", "") not in ("", "0")
NOCACHE = os.environ.get("FORGE_BENCH_NOCACHE", "1") not in ("", "0")
PHASES = [p.strip() for p in (os.environ.get("FORGE_BENCH_PHASES") or "plain,bitmap").split(",")
          if p.strip()]
OPS_FILTER = [o.strip() for o in (os.environ.get("FORGE_BENCH_OPS") or "").split(",") if o.strip()]

HTTP_BACKEND = os.environ.get("FORGE_BENCH_HTTP_BACKEND") or "/usr/lib/git-core/git-http-backend"
LIGHTTPD = shutil.which("lighttpd") or "/usr/sbin/lighttpd"

GIT_TIMEOUT = 900
CLI_TIMEOUT = 60
START_TIMEOUT = 30

if TAIL >= COMMITS // 2:
    raise SystemExit("FORGE_BENCH_INCREMENTAL must be less than half of FORGE_BENCH_COMMITS")
for _p in PHASES:
    if _p not in ("plain", "bitmap"):
        raise SystemExit("FORGE_BENCH_PHASES: unknown phase %r (plain, bitmap)" % _p)

PHASE_TITLES = {
    "plain": "as pushed: one pack, no bitmap",
    "bitmap": "after git repack -adb --write-bitmap-index",
}


class BenchError(Exception):
    """An operation or a setup step that did not run as it should."""


def log(message):
    sys.stdout.write("[%7.1fs] %s\n" % (time.monotonic() - STARTED, message))
    sys.stdout.flush()


STARTED = time.monotonic()


# ---------------------------------------------------------------------------
# Running things


def clean_env(home, extra=None):
    """The environment without FORGE_*, GIT_* and proxy variables, and with git's
    user and system configuration kept out."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FORGE_", "GIT_")) and k.lower() not in (
               "http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
        "LANG": "C",
        "no_proxy": "*",
        "NO_PROXY": "*",
    })
    if extra:
        env.update(extra)
    return env


def tail_text(data, limit=1500):
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    data = (data or "").strip()
    return data if len(data) <= limit else "..." + data[-limit:]


def run(args, cwd=None, env=None, input=None, timeout=GIT_TIMEOUT, what=None):
    """Run a command; raise BenchError with its output when it fails. Returns stdout (bytes)."""
    try:
        proc = subprocess.run(args, cwd=cwd, env=env, input=input, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError("%s: timed out after %ds" % (what or " ".join(args), timeout))
    except OSError as e:
        raise BenchError("%s: %s" % (what or " ".join(args), e))
    if proc.returncode != 0:
        raise BenchError("%s: exit %d\n%s\n%s" % (what or " ".join(args), proc.returncode,
                                                   tail_text(proc.stdout), tail_text(proc.stderr)))
    return proc.stdout


def timed(args, **kw):
    """Run a command and return its wall-clock time in seconds."""
    start = time.perf_counter()
    run(args, **kw)
    return time.perf_counter() - start


class GitClient:
    """The git client, with a private HOME and settings that keep background work
    (auto gc, maintenance, commit graphs) out of the timings."""

    SETTINGS = [
        "protocol.version=2",
        "gc.auto=0",
        "maintenance.auto=false",
        "fetch.writeCommitGraph=false",
        "advice.detachedHead=false",
        "init.defaultBranch=main",
        "user.name=Forge Bench",
        "user.email=bench@example.org",
        "credential.helper=",
    ]

    def __init__(self, home):
        os.makedirs(home, exist_ok=True)
        self.home = home
        self.env = clean_env(home)

    def args(self, *args):
        out = ["git"]
        for setting in self.SETTINGS:
            out += ["-c", setting]
        return out + list(args)

    def run(self, *args, cwd=None, input=None, timeout=GIT_TIMEOUT):
        return run(self.args(*args), cwd=cwd, env=self.env, input=input, timeout=timeout,
                   what="git " + " ".join(args))

    def out(self, *args, cwd=None):
        return self.run(*args, cwd=cwd).decode("utf-8", "replace")

    def timed(self, *args, cwd=None, timeout=GIT_TIMEOUT):
        return timed(self.args(*args), cwd=cwd, env=self.env, timeout=timeout,
                     what="git " + " ".join(args))

    def refs(self, git_dir):
        """{refname: oid} of refs/heads and refs/tags."""
        text = self.out("--git-dir=" + git_dir, "for-each-ref",
                        "--format=%(objectname) %(refname)", "refs/heads", "refs/tags")
        refs = {}
        for line in text.splitlines():
            oid, name = line.split(" ", 1)
            refs[name] = oid
        return refs


def rmtree(path):
    shutil.rmtree(path, ignore_errors=True)


def du(path):
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return -1.0


CLK_TCK = os.sysconf("SC_CLK_TCK")


def system_busy_seconds():
    """CPU seconds all CPUs spent busy since boot (user, nice, system, irq, softirq, steal)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()
    return sum(int(fields[i]) for i in (1, 2, 3, 6, 7, 8)) / CLK_TCK


def process_cpu_seconds(pid):
    """CPU seconds of a process and of its children it has waited for."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(fields[i]) for i in (11, 12, 13, 14)) / CLK_TCK
    except (OSError, ValueError, IndexError):
        return 0.0


class CpuMeter:
    """How busy the machine was with work other than the benchmark's own (this script,
    the git and curl processes it ran, the servers and their git children) while a block
    of measurements ran, in percent of one CPU."""

    def __init__(self, pids):
        self.pids = pids
        self.start = self._snapshot()

    def _snapshot(self):
        t = os.times()
        own = t.user + t.system + t.children_user + t.children_system
        own += sum(process_cpu_seconds(pid) for pid in self.pids)
        return time.monotonic(), system_busy_seconds(), own

    def other_percent(self):
        wall0, busy0, own0 = self.start
        wall1, busy1, own1 = self._snapshot()
        if wall1 <= wall0:
            return 0.0
        return max(0.0, (busy1 - busy0) - (own1 - own0)) / (wall1 - wall0) * 100.0


def mib(n):
    return n / (1024.0 * 1024.0)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


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


# ---------------------------------------------------------------------------
# Memory


def read_status(pid):
    """{'VmRSS': bytes, 'VmHWM': bytes} of a process."""
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return out


def reset_hwm(pid):
    """Reset the peak RSS (VmHWM) of a process to its current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/%d/clear_refs" % pid, "w") as f:
            f.write("5\n")
        return True
    except OSError:
        return False


PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def process_tree(pid):
    pids = []
    stack = [pid]
    while stack:
        p = stack.pop()
        pids.append(p)
        try:
            tasks = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for tid in tasks:
            try:
                with open("/proc/%d/task/%s/children" % (p, tid)) as f:
                    stack.extend(int(c) for c in f.read().split())
            except OSError:
                pass
    return pids


def tree_rss(pid):
    total = 0
    for p in process_tree(pid):
        try:
            with open("/proc/%d/statm" % p) as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
    return total


class TreeSampler:
    """Samples the summed RSS of a process and all its descendants (the server and the
    git processes it runs) every 20 ms, and keeps the peak."""

    def __init__(self, pid, interval=0.02):
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.peak = tree_rss(self.pid)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, tree_rss(self.pid))

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)
        self.peak = max(self.peak, tree_rss(self.pid))
        return False


# ---------------------------------------------------------------------------
# The servers


def stop_process_group(proc, timeout=15):
    """SIGTERM the process group of a server we started (its own session), then SIGKILL."""
    if proc is None:
        return
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


class ForgeServer:
    kind = "forge"
    owner = "bench"
    password = "bench password 12345"

    def __init__(self, name, run_dir, binary, extra_env=None, pushes=True):
        self.name = name
        self.pushes = pushes
        self.dir = os.path.join(run_dir, name)
        self.data = os.path.join(self.dir, "data")
        self.home = os.path.join(self.dir, "home")
        self.binary = binary
        self.proc = None
        self.port = None
        self.token = None
        self.repos = {}
        os.makedirs(self.home, exist_ok=True)
        self.env = clean_env(self.home, {"FORGE_STORAGE_DATA": self.data,
                                         "FORGE_SERVER_LISTEN": "127.0.0.1:0"})
        self.env.update(extra_env or {})

    def cli(self, *args, input=None):
        return run([self.binary] + list(args), env=self.env, cwd=self.dir,
                   input=(input or "").encode(), timeout=CLI_TIMEOUT,
                   what="forge " + " ".join(args)).decode("utf-8", "replace")

    def start(self):
        self.stdout_path = os.path.join(self.dir, "serve.out")
        self.stderr_path = os.path.join(self.dir, "serve.err")
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen([self.binary, "serve"], stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=err, env=self.env, cwd=self.dir,
                                         start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        pattern = re.compile(r"listening on http://(\[[^\]]+\]|[^\s:/]+):(\d+)")
        while time.monotonic() < deadline:
            with open(self.stdout_path, "rb") as f:
                m = pattern.search(f.read().decode("utf-8", "replace"))
            if m:
                self.port = int(m.group(2))
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if self.port is None:
            code = self.proc.poll()
            self.stop()
            raise BenchError("%s: forge serve did not start (exit %r):\n%s\n%s" % (
                self.name, code, tail_text(open(self.stdout_path, "rb").read()),
                tail_text(open(self.stderr_path, "rb").read())))
        log("%s: forge serve (pid %d) listening on 127.0.0.1:%d"
            % (self.name, self.proc.pid, self.port))

    def stop(self):
        stop_process_group(self.proc)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def setup_owner(self):
        self.cli("admin", "user", "create", self.owner, "--email", "bench@example.org",
                 "--password-stdin", input=self.password + "\n")
        out = self.cli("admin", "token", "create", self.owner, "--name", "bench")
        lines = [l.strip() for l in out.splitlines() if l.strip()]
        if not lines or " " in lines[-1]:
            raise BenchError("forge admin token create printed no token:\n" + out)
        self.token = lines[-1]

    def _git_dirs(self):
        root = os.path.join(self.data, "repos")
        found = set()
        if os.path.isdir(root):
            for sub in os.listdir(root):
                d = os.path.join(root, sub)
                if os.path.isdir(d):
                    found.update(os.path.join(d, n) for n in os.listdir(d) if n.endswith(".git"))
        return found

    def create_repo(self, name):
        before = self._git_dirs()
        self.cli("admin", "project", "create", "%s/%s" % (self.owner, name),
                 "--visibility", "public")
        created = self._git_dirs() - before
        if len(created) != 1:
            raise BenchError("cannot find the bare repository of project %s/%s under %s "
                             "(new: %r)" % (self.owner, name, self.data, sorted(created)))
        path = created.pop()
        self.repos[name] = path
        return path

    def url(self, name, auth=False):
        cred = "%s:%s@" % (self.owner, self.token) if auth else ""
        return "http://%s127.0.0.1:%d/%s/%s.git" % (cred, self.port, self.owner, name)

    def pid(self):
        return self.proc.pid


LIGHTTPD_CONF = """\
# Written by tests/bench/git_http_bench.py
server.modules = ("mod_alias", "mod_setenv", "mod_cgi")
server.document-root = "{www}"
server.bind = "127.0.0.1"
server.port = {port}
server.errorlog = "{errorlog}"
server.upload-dirs = ("{tmp}")
server.max-request-size = 0
# Stream request and response bodies to and from the CGI, as the forge does,
# instead of buffering whole packs in temporary files.
server.stream-request-body = 2
server.stream-response-body = 2
# Except for pushes: lighttpd's CGI needs a Content-Length, which a chunked push body
# (git sends packs over http.postBuffer, 1 MiB, chunked) has only once it has all arrived.
$HTTP["url"] =~ "/git-receive-pack$" {{
    server.stream-request-body = 0
}}
alias.url = ("/git" => "{backend}")
$HTTP["url"] =~ "^/git" {{
    cgi.assign = ("" => "")
    setenv.add-environment = (
        "GIT_PROJECT_ROOT" => "{root}",
        "GIT_HTTP_EXPORT_ALL" => "1",
        "GIT_CONFIG_NOSYSTEM" => "1",
        "HOME" => "{home}",
        "PATH" => "/usr/local/bin:/usr/bin:/bin",
    )
}}
"""


class ReferenceServer:
    kind = "reference"
    name = "reference"
    owner = "bench"
    pushes = True

    def __init__(self, run_dir, git):
        self.dir = os.path.join(run_dir, "reference")
        self.root = os.path.join(self.dir, "root")
        self.home = os.path.join(self.dir, "home")
        self.git = git
        self.proc = None
        self.port = None
        self.repos = {}
        for d in (self.root, self.home, os.path.join(self.dir, "www"),
                  os.path.join(self.dir, "tmp")):
            os.makedirs(d, exist_ok=True)

    def start(self):
        self.port = free_port()
        conf = os.path.join(self.dir, "lighttpd.conf")
        with open(conf, "w") as f:
            f.write(LIGHTTPD_CONF.format(
                www=os.path.join(self.dir, "www"), port=self.port,
                errorlog=os.path.join(self.dir, "lighttpd-error.log"),
                tmp=os.path.join(self.dir, "tmp"), backend=HTTP_BACKEND, root=self.root,
                home=self.home))
        run([LIGHTTPD, "-tt", "-f", conf], what="lighttpd -tt (configuration test)")
        self.stderr_path = os.path.join(self.dir, "lighttpd.err")
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen([LIGHTTPD, "-D", "-f", conf], stdin=subprocess.DEVNULL,
                                         stdout=err, stderr=err, cwd=self.dir,
                                         env=clean_env(self.home), start_new_session=True)
        if not wait_for_port(self.port, self.proc):
            code = self.proc.poll()
            self.stop()
            errlog = os.path.join(self.dir, "lighttpd-error.log")
            raise BenchError("lighttpd did not start (exit %r):\n%s\n%s" % (
                code, tail_text(open(self.stderr_path, "rb").read()),
                tail_text(open(errlog, "rb").read()) if os.path.exists(errlog) else ""))
        log("lighttpd + git http-backend (pid %d) listening on 127.0.0.1:%d"
            % (self.proc.pid, self.port))

    def stop(self):
        stop_process_group(self.proc)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def create_repo(self, name):
        path = os.path.join(self.root, self.owner, name + ".git")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.git.run("init", "-q", "--bare", path)
        self.git.run("--git-dir=" + path, "config", "http.receivepack", "true")
        self.repos[name] = path
        return path

    def url(self, name, auth=False):
        return "http://127.0.0.1:%d/git/%s/%s.git" % (self.port, self.owner, name)

    def pid(self):
        return self.proc.pid


# ---------------------------------------------------------------------------
# The request replayed for "server time alone"


def pkt(text):
    raw = text.encode("ascii")
    return b"%04x" % (len(raw) + 4) + raw


def full_clone_request(refs):
    """The protocol v2 fetch request of `git clone` (no haves, so `done` at once):
    every ref tip wanted, annotated tags by their tag objects."""
    body = pkt("command=fetch\n") + pkt("agent=git/2.39-forge-bench\n") + \
        pkt("object-format=sha1\n") + b"0001"
    for arg in ("thin-pack", "no-progress", "include-tag", "ofs-delta"):
        body += pkt(arg + "\n")
    for oid in sorted(set(refs.values())):
        body += pkt("want %s\n" % oid)
    body += pkt("done\n") + b"0000"
    return body


def check_fetch_response(path):
    """A v2 fetch response that carries a whole pack: a `packfile` section whose band-1
    data starts with PACK, ending with a flush packet. Returns the pack size."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 0
    saw_packfile = False
    pack = 0
    first = None
    while pos + 4 <= len(data):
        try:
            n = int(data[pos:pos + 4], 16)
        except ValueError:
            raise BenchError("not a pkt-line at byte %d: %r" % (pos, data[pos:pos + 16]))
        if n == 0:
            if saw_packfile and pos + 4 == len(data):
                if first != b"PACK":
                    raise BenchError("the packfile section does not start with PACK")
                return pack
            pos += 4
            continue
        if n < 4:
            pos += 4
            continue
        payload = data[pos + 4:pos + n]
        pos += n
        if not saw_packfile:
            if payload.rstrip(b"\n") == b"packfile":
                saw_packfile = True
            continue
        band = payload[:1]
        if band == b"\x01":
            if first is None:
                first = payload[1:5]
            pack += len(payload) - 1
        elif band == b"\x03":
            raise BenchError("the server reported an error: %r" % payload[1:200])
    raise BenchError("incomplete fetch response (%d bytes, packfile section %s)"
                     % (len(data), "seen" if saw_packfile else "missing"))


def curl_replay(url, body_path, out="/dev/null"):
    args = ["curl", "-sS", "--max-time", "600", "--noproxy", "*",
            "--data-binary", "@" + body_path,
            "-H", "Git-Protocol: version=2",
            "-H", "Content-Type: application/x-git-upload-pack-request",
            "-H", "Accept: application/x-git-upload-pack-result",
            "-o", out, "-w", "%{http_code} %{size_download} %{time_total}",
            url + "/git-upload-pack"]
    text = run(args, what="curl " + url + "/git-upload-pack").decode().split()
    code, size, total = text[0], int(text[1]), float(text[2])
    if code != "200":
        raise BenchError("HTTP %s from %s/git-upload-pack" % (code, url))
    return total, size


# ---------------------------------------------------------------------------
# The benchmark


class Results:
    def __init__(self, servers):
        self.servers = servers  # names, in column order
        self.rows = []          # (section, op, label)
        self.times = {}         # (section, op, server) -> [seconds]
        self.errors = {}        # (section, op, server) -> message
        self.skipped = set()    # (section, op, server): not run on purpose
        self.other_cpu = {}     # (section, op) -> % of one CPU used by others meanwhile
        self.notes = []
        self.memory = {}        # section -> {"process": {server: {...}}, "tree_peak": {...}}

    def add_row(self, section, op, label):
        if (section, op, label) not in self.rows:
            self.rows.append((section, op, label))

    def record(self, section, op, server, seconds):
        self.times.setdefault((section, op, server), []).append(seconds)

    def fail(self, section, op, server, message):
        self.errors[(section, op, server)] = message


def wanted(op):
    return not OPS_FILTER or op in OPS_FILTER


class Bench:
    def __init__(self, git, cache, info, run_dir, servers, results):
        self.git = git
        self.cache = cache
        self.info = info
        self.run_dir = run_dir
        self.clients = os.path.join(run_dir, "clients")
        os.makedirs(self.clients, exist_ok=True)
        self.servers = servers
        self.results = results
        self.source_refs = git.refs(os.path.join(cache, "src.git"))
        self.counter = 0
        self.push_no = 0
        self.request_path = None
        self.noop_clients = {}

    def scratch(self, what):
        self.counter += 1
        return os.path.join(self.clients, "%s-%d" % (what, self.counter))

    @staticmethod
    def order(servers, rep):
        """Rotate which server goes first, so that none always runs right after the same
        other one."""
        k = rep % len(servers)
        return servers[k:] + servers[:k]

    def check_alive(self):
        for s in self.servers:
            if not s.alive():
                raise BenchError("the %s server exited" % s.name)

    def verify_clone(self, dest, shallow=False):
        remote = {}
        text = self.git.out("for-each-ref", "--format=%(objectname) %(refname)",
                            "refs/remotes/origin", "refs/tags", cwd=dest)
        for line in text.splitlines():
            oid, name = line.split(" ", 1)
            remote[name.replace("refs/remotes/origin/", "refs/heads/")] = oid
        remote.pop("refs/heads/HEAD", None)
        if shallow:
            if remote.get("refs/heads/main") != self.source_refs["refs/heads/main"]:
                raise BenchError("the shallow clone's main is %r, not %s" % (
                    remote.get("refs/heads/main"), self.source_refs["refs/heads/main"]))
            return
        if remote != self.source_refs:
            missing = sorted(set(self.source_refs) - set(remote))
            wrong = sorted(r for r in remote if self.source_refs.get(r) != remote[r])
            raise BenchError("the clone's refs differ from the server's (missing %s, "
                             "different %s)" % (missing[:5], wrong[:5]))

    def measure(self, section, op, label, reps, body, servers=None):
        """Run body(server, rep) -> seconds for each repetition and server."""
        servers = servers or self.servers
        self.results.add_row(section, op, label)
        for s in self.servers:
            if s not in servers:
                self.results.skipped.add((section, op, s.name))
        meter = CpuMeter([s.pid() for s in self.servers])
        log("%s: %s (%d repetitions)" % (section, label, reps))
        for rep in range(reps):
            for server in self.order(servers, rep):
                key = (section, op, server.name)
                if key in self.results.errors:
                    continue
                try:
                    self.check_alive()
                    seconds = body(server, rep)
                    self.results.record(section, op, server.name, seconds)
                except (BenchError, OSError, subprocess.SubprocessError) as e:
                    msg = str(e) if isinstance(e, BenchError) else "%s: %s" % (
                        type(e).__name__, e)
                    self.results.fail(section, op, server.name, msg)
                    log("  FAILED against %s: %s" % (server.name, msg))
        other = meter.other_percent()
        self.results.other_cpu[(section, op)] = other
        log("  other work on the machine meanwhile: %.0f%% of one CPU" % other)
        for server in servers:
            t = self.results.times.get((section, op, server.name))
            if t:
                log("  %-13s median %.3fs  min %.3fs  (%s)" % (
                    server.name, statistics.median(t), min(t),
                    " ".join("%.3f" % x for x in t)))

    # -- operations

    def phase(self, phase):
        repo = phase
        section = phase
        urls = {s.name: s.url(repo) for s in self.servers}

        # Warm up: one full-clone request each, so that no server pays for a cold page
        # cache (this also fills the forge's pack cache for that request, where it has one).
        for s in self.servers:
            try:
                curl_replay(urls[s.name], self.request_path)
            except BenchError as e:
                log("  warm-up against %s failed: %s" % (s.name, e))

        if wanted("replay"):
            # Check once that each server answers the recorded request with a whole pack.
            sizes = {}
            for s in self.servers:
                out = os.path.join(self.run_dir, "replay-%s-%s.out" % (phase, s.name))
                try:
                    curl_replay(urls[s.name], self.request_path, out)
                    sizes[s.name] = check_fetch_response(out)
                except BenchError as e:
                    self.results.fail(section, "replay", s.name, "bad response: %s" % e)
                    log("  the %s server's answer to the recorded request is wrong: %s"
                        % (s.name, e))
                finally:
                    if os.path.exists(out):
                        os.remove(out)
            if sizes:
                self.results.notes.append(
                    "%s: pack sent for the replayed full-clone request: %s" % (
                        section, ", ".join("%s %.1f MiB" % (s.name, mib(sizes[s.name]))
                                           for s in self.servers if s.name in sizes)))

            def replay(server, rep):
                return curl_replay(urls[server.name], self.request_path)[0]
            self.measure(section, "replay", "server time alone (full-clone fetch, curl)",
                         REPS, replay)

        self.noop_clients = {}
        if wanted("clone") or wanted("noop"):
            memory = {"process": {}, "tree_peak": {}}

            def clone(server, rep):
                dest = self.scratch("clone-%s" % server.name)
                pid = server.pid()
                forge = server.kind == "forge"
                if forge:
                    m = memory["process"].setdefault(server.name, {
                        "before": [], "peak": [], "after": [], "increase": [], "reset": True})
                    before = read_status(pid)
                    m["reset"] = reset_hwm(pid) and m["reset"]
                with TreeSampler(pid) as sampler:
                    seconds = self.git.timed("clone", "--no-checkout", "--no-progress",
                                             urls[server.name], dest)
                if forge:
                    after = read_status(pid)
                    m["before"].append(before.get("VmRSS", 0))
                    m["peak"].append(after.get("VmHWM", 0))
                    m["after"].append(after.get("VmRSS", 0))
                    base = before.get("VmRSS", 0) if m["reset"] else before.get("VmHWM", 0)
                    m["increase"].append(after.get("VmHWM", 0) - base)
                memory["tree_peak"][server.name] = max(
                    memory["tree_peak"].get(server.name, 0), sampler.peak)
                self.verify_clone(dest)
                old = self.noop_clients.get(server.name)
                if old:
                    rmtree(old)
                self.noop_clients[server.name] = dest
                return seconds

            if wanted("clone"):
                self.measure(section, "clone", "full clone (v2)", SLOW_REPS, clone)
                self.results.memory[section] = memory
            else:
                for s in self.servers:
                    try:
                        clone(s, 0)
                    except BenchError as e:
                        self.results.fail(section, "noop", s.name, "clone failed: %s" % e)

        if wanted("depth1"):
            def depth1(server, rep):
                dest = self.scratch("shallow-%s" % server.name)
                seconds = self.git.timed("clone", "--depth", "1", "--no-checkout",
                                         "--no-progress", urls[server.name], dest)
                self.verify_clone(dest, shallow=True)
                rmtree(dest)
                return seconds
            self.measure(section, "depth1", "clone --depth 1", REPS, depth1)

        if wanted("noop"):
            def noop(server, rep):
                dest = self.noop_clients.get(server.name)
                if not dest:
                    raise BenchError("no clone to fetch into (the full clone failed)")
                return self.git.timed("fetch", "--no-progress", "origin", cwd=dest)
            self.measure(section, "noop", "no-op fetch", REPS, noop)
        for dest in self.noop_clients.values():
            rmtree(dest)
        self.noop_clients = {}

        if wanted("incremental"):
            template = os.path.join(self.cache, "old-client")

            def incremental(server, rep):
                dest = self.scratch("old-%s" % server.name)
                shutil.copytree(template, dest, symlinks=True)
                self.git.run("remote", "set-url", "origin", urls[server.name], cwd=dest)
                seconds = self.git.timed("fetch", "--no-progress", "origin", cwd=dest)
                self.verify_clone(dest)
                rmtree(dest)
                return seconds
            self.measure(section, "incremental", "incremental fetch (%d commits)" % TAIL,
                         REPS, incremental)

    def push(self):
        section = "push"
        source = os.path.join(self.cache, "src.git")

        def push(server, rep):
            self.push_no += 1
            name = "push-%d" % self.push_no
            target = server.create_repo(name)
            seconds = self.git.timed("--git-dir=" + source, "push", "--no-progress", "--quiet",
                                     server.url(name, auth=True),
                                     "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*")
            got = self.git.refs(target)
            if got != self.source_refs:
                raise BenchError("after the push the server has %d of %d refs right" % (
                    len([r for r in got if self.source_refs.get(r) == got[r]]),
                    len(self.source_refs)))
            return seconds
        self.measure(section, "push", "push whole history into an empty repo", SLOW_REPS, push,
                     servers=[s for s in self.servers if s.pushes])


# ---------------------------------------------------------------------------
# The report


def fmt_time(values):
    if not values:
        return "-"
    return "%.3f (%.3f)" % (statistics.median(values), min(values))


def print_report(results, info, servers, forge_binary_info, total_seconds):
    names = [s.name for s in servers]
    forges = [s.name for s in servers if s.kind == "forge"]
    out = []
    p = out.append
    p("")
    p("=" * 112)
    p("git smart-HTTP benchmark: forge vs git http-backend (lighttpd CGI), 127.0.0.1")
    p("repository: %d objects, %d commits, %d refs (%d branches, %d tags), pack %.1f MiB; "
      "%d files" % (info["objects"], info["commits"], info["refs"], len(info["branches"]),
                    info["tags"], mib(info["pack_bytes"]), info["files"]))
    p("forge binary: %s" % forge_binary_info)
    p("servers: %s" % "; ".join("%s = %s" % (s.name, s.description) for s in servers))
    p("machine: %d CPUs; 1-minute load average %.2f before the measurements%s" % (
        os.cpu_count() or 0, LOAD["start"],
        " (other work was running: expect noise)" if LOAD["start"] > 0.7 else ""))
    p("repetitions: %d (full clone and push: %d); times in seconds, median (min); "
      "ratios = median / reference median" % (REPS, SLOW_REPS))
    p("=" * 112)
    header = "%-44s" % "operation" + "".join("%16s" % n for n in names) + \
        "".join("%13s" % ("%s/ref" % n.replace("forge-", "")) for n in forges) + "%7s" % "other"
    sections = [("plain", "repositories " + PHASE_TITLES["plain"]),
                ("bitmap", "repositories " + PHASE_TITLES["bitmap"]),
                ("push", "push (client side identical for all)")]
    for section, title in sections:
        rows = [r for r in results.rows if r[0] == section]
        if not rows:
            continue
        p("")
        p("[%s] %s" % (section, title))
        p(header)
        p("-" * len(header))
        for _, op, label in rows:
            line = "%-44s" % label[:44]
            for n in names:
                if (section, op, n) in results.errors:
                    cell = "FAILED"
                elif (section, op, n) in results.skipped:
                    cell = "(not run)"
                else:
                    cell = fmt_time(results.times.get((section, op, n)))
                line += "%16s" % cell
            ref = results.times.get((section, op, "reference"))
            for n in forges:
                f = results.times.get((section, op, n))
                cell = "-"
                if f and ref and (section, op, n) not in results.errors and \
                        (section, op, "reference") not in results.errors:
                    ratio = statistics.median(f) / statistics.median(ref)
                    cell = "%.2f%s" % (ratio, " *" if ratio > 1.0 else "  ")
                line += "%13s" % cell
            other = results.other_cpu.get((section, op))
            p(line + ("%6.0f%%" % other if other is not None else ""))
    p("")
    p("* ratio above 1.0: that forge was slower than the reference")
    p("other: CPU used by processes outside the benchmark while the row was measured, in %% "
      "of one of the %d CPUs; above ~10%% the row is noisy" % (os.cpu_count() or 0))
    for section in ("plain", "bitmap"):
        mem = results.memory.get(section)
        if not mem:
            continue
        p("")
        p("[%s] memory during full clones" % section)
        for name in forges:
            fm = mem["process"].get(name)
            if not fm or not fm["peak"]:
                continue
            p("  %s process: RSS %.1f MiB before the first clone, %.1f MiB after the last; "
              "peak (VmHWM%s) %.1f MiB; increase over the RSS before a clone: max %+.1f MiB, "
              "median %+.1f MiB" % (
                  name, mib(fm["before"][0]), mib(fm["after"][-1]),
                  ", reset before each clone" if fm["reset"] else ", since start",
                  mib(max(fm["peak"])), mib(max(fm["increase"])),
                  mib(statistics.median(fm["increase"]))))
        tp = mem["tree_peak"]
        p("  peak RSS of the whole process tree (server + the git processes it runs, sampled "
          "every 20 ms): %s" % ", ".join(
              "%s %.1f MiB" % (n, mib(tp[n])) for n in names if n in tp))
    if results.notes:
        p("")
        for note in results.notes:
            p("note: " + note)
    if results.errors:
        p("")
        p("FAILURES:")
        for (section, op, server), msg in sorted(results.errors.items()):
            p("  [%s] %s against %s: %s" % (section, op, server, msg.replace("\n", "\n      ")))
    p("")
    p("total benchmark time %.0fs" % total_seconds)
    print("\n".join(out))
    sys.stdout.flush()


def write_json(results, info, servers, path):
    data = {
        "repository": info,
        "reps": REPS,
        "slow_reps": SLOW_REPS,
        "servers": {s.name: s.description for s in servers},
        "rows": [
            {
                "section": section, "op": op, "label": label,
                "times": {n: results.times.get((section, op, n), []) for n in results.servers},
                "other_cpu_percent": results.other_cpu.get((section, op)),
                "errors": {n: results.errors[(section, op, n)] for n in results.servers
                           if (section, op, n) in results.errors},
            }
            for section, op, label in results.rows
        ],
        "memory": results.memory,
        "notes": results.notes,
    }
    with open(path, "w") as f:
        json.dump(data, f, indent=1)


# ---------------------------------------------------------------------------


SERVERS = []
LOAD = {"start": -1.0}


def cleanup():
    for s in SERVERS:
        try:
            s.stop()
        except Exception:  # noqa: BLE001 - cleaning up whatever happened
            pass


def on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def check_tools():
    missing = []
    for tool in ("git", "curl"):
        if not shutil.which(tool):
            missing.append(tool)
    if not os.access(LIGHTTPD, os.X_OK):
        missing.append("lighttpd")
    if not os.access(HTTP_BACKEND, os.X_OK):
        missing.append("git-http-backend (%s)" % HTTP_BACKEND)
    if missing:
        raise BenchError("missing: %s (git_http_bench.sh installs them)" % ", ".join(missing))
    if not (os.path.isfile(FORGE_BIN) and os.access(FORGE_BIN, os.X_OK)):
        raise BenchError("forge binary not found: %s (build it, or set FORGE_BIN)" % FORGE_BIN)


def copy_forge_binary(run_dir):
    """Run a private copy, so that a rebuild meanwhile neither changes the binary under
    the benchmark nor finds it busy. Retries while the file is being written."""
    dest = os.path.join(run_dir, "forge-bin")
    for _attempt in range(10):
        shutil.copy2(FORGE_BIN, dest)
        proc = subprocess.run([dest, "--version"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=30)
        if proc.returncode == 0:
            st = os.stat(dest)
            version = proc.stdout.decode("utf-8", "replace").strip()
            return dest, "%s (%s, built %s)" % (
                FORGE_BIN, version,
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(st.st_mtime)))
        time.sleep(3)
    raise BenchError("%s --version fails (exit %d): %s" % (
        FORGE_BIN, proc.returncode, tail_text(proc.stdout)))


def pack_cache_note(forge):
    """What the forge's pack cache holds after the run (none when it has no pack cache)."""
    directory = os.path.join(forge.data, "cache", "packs")
    if not os.path.isdir(directory):
        return "%s: no pack cache directory (%s): this build has no pack cache, or it is off" % (
            forge.name, directory)
    entries = [n for n in os.listdir(directory) if n.endswith(".pack")]
    return "%s: pack cache holds %d packs, %.1f MiB, after the run" % (
        forge.name, len(entries), mib(du(directory)))


def main():
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    run_dir = os.path.join(WORK, "run")
    try:
        check_tools()
        os.makedirs(WORK, exist_ok=True)
        git_version = subprocess.run(["git", "--version"], stdout=subprocess.PIPE,
                                     text=True).stdout.strip()
        lighttpd_version = subprocess.run([LIGHTTPD, "-v"], stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True).stdout.strip()
        log("%s; %s; work dir %s" % (git_version, lighttpd_version.splitlines()[0]
                                      if lighttpd_version else "lighttpd ?", WORK))
        rmtree(run_dir)
        os.makedirs(run_dir)
        git = GitClient(os.path.join(run_dir, "client-home"))
        cache, info = ensure_cache(git)
        log("repository: %d objects, %d commits, %d refs, pack %.1f MiB" % (
            info["objects"], info["commits"], info["refs"], mib(info["pack_bytes"])))

        binary, binary_info = copy_forge_binary(run_dir)
        servers = [ForgeServer("forge", run_dir, binary)]
        servers[0].description = "forge serve, default settings"
        if NOCACHE:
            s = ForgeServer("forge-nocache", run_dir, binary, {"FORGE_CACHE_PACKS": "0"},
                            pushes=False)
            s.description = "forge serve with FORGE_CACHE_PACKS=0 (pack cache off)"
            servers.append(s)
        ref = ReferenceServer(run_dir, git)
        ref.description = "git http-backend (CGI) under lighttpd"
        servers.append(ref)
        SERVERS.extend(servers)
        for s in servers:
            s.start()
            if s.kind == "forge":
                s.setup_owner()
        for phase in PHASES:
            source = os.path.join(cache, "src.git" if phase == "plain" else "bitmap.git")
            for s in servers:
                seed_repository(git, source, s.create_repo(phase))
        results = Results([s.name for s in servers])
        bench = Bench(git, cache, info, run_dir, servers, results)
        bench.request_path = os.path.join(run_dir, "full-clone-request.bin")
        with open(bench.request_path, "wb") as f:
            f.write(full_clone_request(bench.source_refs))
        # Every server must show the same refs before anything is timed.
        for phase in PHASES:
            for s in servers:
                text = git.out("ls-remote", s.url(phase))
                seen = {}
                for line in text.splitlines():
                    oid, name = line.split("\t", 1)
                    if name.startswith(("refs/heads/", "refs/tags/")) and \
                            not name.endswith("^{}"):
                        seen[name] = oid
                if seen != bench.source_refs:
                    raise BenchError("ls-remote of %s shows other refs than the source"
                                     % s.url(phase))
        log("all servers advertise the same %d refs" % len(bench.source_refs))
        LOAD["start"] = loadavg()
        if LOAD["start"] > 0.7:
            log("WARNING: 1-minute load average %.2f before the measurements: other work is "
                "running on this machine and will skew the timings" % LOAD["start"])
    except BenchError as e:
        log("SETUP FAILED: %s" % e)
        cleanup()
        print("logs kept in %s" % run_dir)
        return 2
    except BaseException:
        cleanup()
        raise

    try:
        for phase in PHASES:
            bench.phase(phase)
        if wanted("push"):
            bench.push()
    except Exception as e:  # noqa: BLE001 - report what ran, then fail
        results.fail("run", "run", "all", "%s: %s" % (type(e).__name__, e))
        log("ABORTED: %s: %s" % (type(e).__name__, e))
    finally:
        for s in servers:
            if s.kind == "forge":
                results.notes.append(pack_cache_note(s))
        cleanup()
    total = time.monotonic() - STARTED
    print_report(results, info, servers, binary_info, total)
    json_path = os.path.join(WORK, "last-results.json")
    write_json(results, info, servers, json_path)
    print("results also written to %s" % json_path)
    if results.errors or KEEP:
        print("server logs and data kept in %s" % run_dir)
    else:
        rmtree(run_dir)
    return 1 if results.errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        cleanup()
