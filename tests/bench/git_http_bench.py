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
import shutil
import statistics
import subprocess
import sys
import time

from bench_common import (LIGHTTPD, STARTED, WORK, BenchError, CpuMeter, ForgeServer, GitClient,
                          TreeSampler, check_tools, clean_env, copy_forge_binary, du, env_int,
                          exit_on_signals, free_port, lighttpd_errorlog, load_before_measuring,
                          log, mib, read_status, reset_hwm, rmtree, run, setup_failed,
                          start_lighttpd, stop_process_group)
from bench_repo import TAIL, ensure_cache, seed_repository

REPS = env_int("FORGE_BENCH_REPS", 7, 1)
SLOW_REPS = env_int("FORGE_BENCH_SLOW_REPS", 5, 1)
KEEP = os.environ.get("FORGE_BENCH_KEEP", "") not in ("", "0")
NOCACHE = os.environ.get("FORGE_BENCH_NOCACHE", "1") not in ("", "0")
PHASES = [p.strip() for p in (os.environ.get("FORGE_BENCH_PHASES") or "plain,bitmap").split(",")
          if p.strip()]
OPS_FILTER = [o.strip() for o in (os.environ.get("FORGE_BENCH_OPS") or "").split(",") if o.strip()]

HTTP_BACKEND = os.environ.get("FORGE_BENCH_HTTP_BACKEND") or "/usr/lib/git-core/git-http-backend"

for _p in PHASES:
    if _p not in ("plain", "bitmap"):
        raise SystemExit("FORGE_BENCH_PHASES: unknown phase %r (plain, bitmap)" % _p)

PHASE_TITLES = {
    "plain": "as pushed: one pack, no bitmap",
    "bitmap": "after git repack -adb --write-bitmap-index",
}


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
        conf = LIGHTTPD_CONF.format(
            www=os.path.join(self.dir, "www"), port=self.port,
            errorlog=lighttpd_errorlog(self.dir),
            tmp=os.path.join(self.dir, "tmp"), backend=HTTP_BACKEND, root=self.root,
            home=self.home)
        self.proc = start_lighttpd(self.dir, self.port, conf, clean_env(self.home),
                                   "lighttpd + git http-backend")


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
    exit_on_signals()
    run_dir = os.path.join(WORK, "run")
    try:
        check_tools(["git", "curl"], {"lighttpd": LIGHTTPD, "git-http-backend": HTTP_BACKEND},
                    "git_http_bench.sh")
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
        LOAD["start"] = load_before_measuring()
    except BenchError as e:
        return setup_failed(e, cleanup, run_dir)
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
