#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Benchmark of the forge's web pages against cgit, serving the same repository.

Run through web_ui_bench.sh (which installs cgit, wrk and lighttpd when missing):

  tests/bench/web_ui_bench.sh            # full run: 15 s per page and server
  tests/bench/web_ui_bench.sh --quick    # 3 s per page and server
  tests/bench/web_ui_bench.sh --help     # every option

It needs the forge binary (FORGE_BIN, default build/forge/forge; a RelWithDebInfo or
Release build, the report says which). Python 3 standard library only.

One run:
  1. takes the deterministic synthetic repository of the benchmarks (bench_repo.py,
     cached under $FORGE_BENCH_DIR/cache) and picks what the pages show: a directory,
     a C file of about 500 lines, the commit with the largest diff on main;
  2. starts `forge serve` with a fresh data directory, makes a public project
     bench/web and pushes the repository into it with git over HTTP;
  3. starts lighttpd with cgit as CGI on the forge's bare repository (the same files),
     once with cgit's cache off (cache-size=0) and once with it on;
  4. checks with curl that every page answers 200 on every server and shows what it
     should (file names, commit ids, lines of the file);
  5. per page: a warm-up, then `wrk -c16 -t2 --latency` against each server in turn;
  6. prints requests/s, p50 and p99 latency, CPU per request and ratios, and the forge's
     memory.

Exit status: 0 when every page was measured (whatever the numbers), 1 when a page did
not answer 200 or lacked its content, or wrk saw errors, 2 when it could not be set up.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

from bench_common import (FORGE_BIN, LIGHTTPD, STARTED, WORK, BenchError, CpuMeter, ForgeServer,
                          GitClient, check_tools, clean_env, copy_forge_binary, exit_on_signals,
                          free_port, lighttpd_errorlog, load_before_measuring, log, mib,
                          process_cpu_seconds, read_status, reset_hwm, rmtree, run,
                          setup_failed, start_lighttpd, stop_process_group, tail_text)
from bench_repo import ensure_cache

CGIT = os.environ.get("FORGE_BENCH_CGIT") or "/usr/lib/cgit/cgit.cgi"
CGIT_CSS = "/usr/share/cgit"
PROJECT = "web"
# The aim of the project for every page.
AIM_P99_MS = 50.0

PAGES = ["summary", "tree", "blob", "history", "commit"]


def parse_args():
    p = argparse.ArgumentParser(
        description="Requests/s and latency of the forge's web pages beside cgit (CGI under "
                    "lighttpd) on the same repository.",
        epilog="Environment: FORGE_BIN (the forge binary), FORGE_BENCH_DIR (work directory, "
               "default /tmp/forge-bench), FORGE_BENCH_COMMITS/FILES/SEED (the repository, "
               "see README.md).")
    p.add_argument("--quick", action="store_true",
                   help="short run: 3 s per page and server, 1 s warm-up")
    p.add_argument("--duration", type=int, help="seconds of wrk per page and server (15)")
    p.add_argument("--warmup", type=int, help="seconds of warm-up per page and server (3)")
    p.add_argument("--connections", type=int, default=16, help="concurrent connections (16)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    p.add_argument("--pages", default=",".join(PAGES),
                   help="comma list of %s (all)" % ",".join(PAGES))
    p.add_argument("--no-cgit-cache", action="store_true",
                   help="skip the run of cgit with its cache on")
    p.add_argument("--keep", action="store_true",
                   help="keep the run directory (server logs, data) after a clean run")
    args = p.parse_args()
    args.duration = args.duration or (3 if args.quick else 15)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.quick else 3)
    args.pages = [x.strip() for x in args.pages.split(",") if x.strip()]
    for page in args.pages:
        if page not in PAGES:
            p.error("unknown page %r (%s)" % (page, ", ".join(PAGES)))
    if args.duration < 1 or args.connections < 1 or args.threads < 1 or \
            args.threads > args.connections:
        p.error("need duration >= 1, connections >= threads >= 1")
    return args


# ---------------------------------------------------------------------------
# What the pages show


def pick_targets(git, repo):
    """Deterministic choices in the repository: {'dir', 'dir_entries', 'file',
    'file_lines', 'file_tokens', 'commit', 'commit_files', 'commit_lines', 'tip',
    'newest'}."""
    gd = "--git-dir=" + repo
    tip = git.out(gd, "rev-parse", "refs/heads/main").strip()
    # The C file nearest to 500 lines, below a directory.
    best = None
    for line in git.out(gd, "grep", "-c", "", tip, "--", "*.c").splitlines():
        path, _, count = line[len(tip) + 1:].rpartition(":")
        if "/" in path:
            key = (abs(int(count) - 500), path)
            if best is None or key < best[0]:
                best = (key, path, int(count))
    if best is None:
        raise BenchError("the repository has no C file below a directory")
    _, path, lines = best
    text = git.out(gd, "cat-file", "blob", "%s:%s" % (tip, path))
    # Identifiers from the first, a middle and the last line that have one: the page
    # must show the whole file.
    with_ident = [found[0] for found in
                  (re.findall(r"[A-Za-z_][A-Za-z0-9_]{7,}", line) for line in text.splitlines())
                  if found]
    if not with_ident:
        raise BenchError("%s has no identifiers to look for" % path)
    tokens = [with_ident[0], with_ident[len(with_ident) // 2], with_ident[-1]]
    # The directory page: the file's top-level directory.
    directory = path.split("/", 1)[0]
    entries = [line.split("\t", 1)[1] for line in
               git.out(gd, "ls-tree", "%s:%s" % (tip, directory)).splitlines()]
    # The commit page: the ordinary commit on main's first-parent line with the most
    # changed lines (not the root commit, which adds every file); the newest of equals.
    commits = []
    for line in git.out(gd, "log", "--first-parent", "--no-merges", "--format=@%H %P",
                        "--numstat", tip).splitlines():
        if line.startswith("@"):
            parts = line[1:].split()
            commits.append({"id": parts[0], "root": len(parts) == 1, "lines": 0, "files": []})
            continue
        fields = line.split("\t")
        if len(fields) == 3 and commits:
            for n in fields[:2]:
                commits[-1]["lines"] += int(n) if n.isdigit() else 0
            commits[-1]["files"].append(fields[2])
    biggest = None
    for c in commits:
        if not c["root"] and (biggest is None or c["lines"] > biggest["lines"]):
            biggest = c
    if biggest is None:
        raise BenchError("the repository has no ordinary commit on main")
    newest = git.out(gd, "rev-list", "--first-parent", "--max-count=50", tip).split()
    # A paragraph line of the README, which Markdown renders as it is.
    readme = [line for line in git.out(gd, "cat-file", "blob", tip + ":README.md").splitlines()
              if re.match(r"[A-Z][a-z ]+\.$", line)]
    return {
        "dir": directory, "dir_entries": entries,
        "file": path, "file_lines": lines, "file_tokens": tokens,
        "commit": biggest["id"], "commit_files": biggest["files"],
        "commit_lines": biggest["lines"],
        "tip": tip, "newest": newest, "readme_line": readme[0] if readme else None,
    }


def forge_paths(t):
    base = "/bench/" + PROJECT
    return {
        "summary": base,
        "tree": "%s/tree/main/%s" % (base, t["dir"]),
        "blob": "%s/blob/main/%s" % (base, t["file"]),
        "history": "%s/commits/main" % base,
        "commit": "%s/commit/%s" % (base, t["commit"]),
    }


def cgit_paths(t, prefix):
    base = "/%s/bench/%s" % (prefix, PROJECT)
    return {
        "summary": base + "/",
        "tree": "%s/tree/%s/" % (base, t["dir"]),
        "blob": "%s/tree/%s" % (base, t["file"]),
        "history": "%s/log/" % base,
        "commit": "%s/commit/?id=%s" % (base, t["commit"]),
    }


def expected_content(t, forge):
    """Strings each page must contain: the same on every server, and on the forge's summary
    also the top-level entries and the README (cgit's summary shows neither)."""
    name = lambda path: path.rsplit("/", 1)[-1]  # noqa: E731
    summary = [t["tip"][:7]]
    if forge:
        summary += ["lib", "src", "README.md"] + ([t["readme_line"]] if t["readme_line"] else [])
    return {
        "summary": summary,
        "tree": [name(e) for e in t["dir_entries"]],
        "blob": [name(t["file"])] + t["file_tokens"],
        "history": [t["tip"][:7]],
        "commit": [t["commit"][:7]] + t["commit_files"],
    }


PAGE_TITLES = {
    "summary": "summary",
    "tree": "tree (directory)",
    "blob": "blob (C file)",
    "history": "history (log)",
    "commit": "commit with diff",
}


# ---------------------------------------------------------------------------
# cgit under lighttpd


CGIT_RC = """\
# Written by tests/bench/web_ui_bench.py
{cache}
virtual-root=/{prefix}/
css=/cgit-css/cgit.css
logo=/cgit-css/cgit.png
enable-http-clone=0
repo.url=bench/{project}
repo.path={repo}
repo.desc=the benchmark repository
"""

CGIT_LIGHTTPD_CONF = """\
# Written by tests/bench/web_ui_bench.py
server.modules = ("mod_alias", "mod_setenv", "mod_cgi")
server.document-root = "{www}"
server.bind = "127.0.0.1"
server.port = {port}
server.errorlog = "{errorlog}"
alias.url = ("/cgit-css/" => "{css}/", "/nocache" => "{cgit}", "/cache" => "{cgit}")
$HTTP["url"] =~ "^/nocache(/|$)" {{
    cgi.assign = ("" => "")
    setenv.set-environment = ("CGIT_CONFIG" => "{dir}/nocache.rc", "HOME" => "{home}",
                              "GIT_CONFIG_NOSYSTEM" => "1", "PATH" => "/usr/bin:/bin")
}}
$HTTP["url"] =~ "^/cache(/|$)" {{
    cgi.assign = ("" => "")
    setenv.set-environment = ("CGIT_CONFIG" => "{dir}/cache.rc", "HOME" => "{home}",
                              "GIT_CONFIG_NOSYSTEM" => "1", "PATH" => "/usr/bin:/bin")
}}
"""


class Cgit:
    """lighttpd with cgit as CGI: /nocache/... with cache-size=0, /cache/... with cgit's
    page cache on. Both read the given bare repository."""

    def __init__(self, run_dir, repo):
        self.dir = os.path.join(run_dir, "cgit")
        self.home = os.path.join(self.dir, "home")
        self.cache_root = os.path.join(self.dir, "cache")
        for d in (self.dir, self.home, self.cache_root, os.path.join(self.dir, "www")):
            os.makedirs(d, exist_ok=True)
        self.repo = repo
        self.proc = None
        self.port = None

    def start(self):
        for prefix, cache in (("nocache", "cache-size=0"),
                              ("cache", "cache-root=%s\ncache-size=1000" % self.cache_root)):
            with open(os.path.join(self.dir, prefix + ".rc"), "w") as f:
                f.write(CGIT_RC.format(cache=cache, prefix=prefix, project=PROJECT,
                                       repo=self.repo))
        self.port = free_port()
        conf = CGIT_LIGHTTPD_CONF.format(www=os.path.join(self.dir, "www"), port=self.port,
                                         errorlog=lighttpd_errorlog(self.dir), css=CGIT_CSS,
                                         cgit=CGIT, dir=self.dir, home=self.home)
        self.proc = start_lighttpd(self.dir, self.port, conf, clean_env(self.home),
                                   "lighttpd + cgit")

    def stop(self):
        stop_process_group(self.proc)

    def pid(self):
        return self.proc.pid


def cgit_version():
    proc = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "cgit"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return proc.stdout.strip() or "?"


# ---------------------------------------------------------------------------
# Checking and loading the pages


def fetch(url):
    """GET url with curl; returns (status, body bytes, seconds). No redirects followed."""
    out = run(["curl", "-sS", "--max-time", "60", "-o", "-", "-w", "\n%{http_code} %{time_total}",
               url], timeout=90, what="curl " + url)
    body, _, tail = out.rpartition(b"\n")
    status, seconds = tail.decode().split()
    return int(status), body, float(seconds)


def check_page(server, page, url, expect):
    status, body, seconds = fetch(url)
    if status != 200:
        raise BenchError("%s %s: HTTP %d, not 200: %s" % (server, page, status,
                                                           tail_text(body, 400)))
    text = body.decode("utf-8", "replace")
    missing = [s for s in expect if s not in text]
    if missing:
        raise BenchError("%s %s (%s): the page lacks %s" % (
            server, page, url, ", ".join(repr(m) for m in missing[:8])))
    return len(body), seconds


def count_commits(body, newest):
    text = body.decode("utf-8", "replace")
    return len([c for c in newest if c[:7] in text])


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def parse_ms(value):
    m = re.match(r"([\d.]+)(us|ms|s|m|h)$", value)
    if not m:
        raise BenchError("wrk: cannot read the time %r" % value)
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(text):
    """{'rps', 'p50', 'p90', 'p99', 'requests', 'non2xx', 'errors'} from wrk --latency."""
    out = {"non2xx": 0, "errors": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not m:
        raise BenchError("wrk printed no Requests/sec:\n" + tail_text(text))
    out["rps"] = float(m.group(1))
    for pct in ("50", "90", "99"):
        m = re.search(r"^\s+%s(?:\.0+)?%%\s+(\S+)" % pct, text, re.M)
        if not m:
            raise BenchError("wrk printed no %s%% latency:\n%s" % (pct, tail_text(text)))
        out["p" + pct] = parse_ms(m.group(1))
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if m:
        out["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["errors"] = sum(int(x) for x in m.groups())
    return out


def wrk(url, seconds, args):
    cmd = ["wrk", "-c%d" % args.connections, "-t%d" % args.threads, "-d%ds" % seconds,
           "--timeout", "10s", "--latency", url]
    return run(cmd, timeout=seconds + 60, what="wrk " + url).decode("utf-8", "replace")


class Target:
    """One server as the benchmark sees it: a name, a base URL, its page paths and the
    processes whose CPU time it uses."""

    def __init__(self, name, description, base, paths, expect, pid):
        self.name = name
        self.expect = expect
        self.description = description
        self.base = base
        self.paths = paths
        self.pid = pid

    def url(self, page):
        return self.base + self.paths[page]


def measure(target, page, args, own_pids):
    """Warm up, then one wrk run. Returns the parsed figures with CPU ms per request and
    the CPU share processes other than own_pids (the servers) and this script's
    children took meanwhile."""
    url = target.url(page)
    if args.warmup > 0:
        wrk(url, args.warmup, args)
    meter = CpuMeter(own_pids)
    cpu0 = process_cpu_seconds(target.pid)
    text = wrk(url, args.duration, args)
    cpu1 = process_cpu_seconds(target.pid)
    result = parse_wrk(text)
    result["other"] = meter.other_percent()
    result["cpu_ms"] = (cpu1 - cpu0) * 1000.0 / result["requests"] if result["requests"] else 0
    log("  %-13s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  %5.2f CPU ms/req%s%s" % (
        target.name, result["rps"], result["p50"], result["p99"], result["cpu_ms"],
        "  NON-2xx: %d" % result["non2xx"] if result["non2xx"] else "",
        "  socket errors: %d" % result["errors"] if result["errors"] else ""))
    return result


# ---------------------------------------------------------------------------
# The report


def build_type(binary):
    """CMAKE_BUILD_TYPE of the build directory the binary comes from, if it can tell."""
    directory = os.path.dirname(os.path.abspath(binary))
    for _ in range(3):
        cache = os.path.join(directory, "CMakeCache.txt")
        if os.path.isfile(cache):
            with open(cache, errors="replace") as f:
                for line in f:
                    if line.startswith("CMAKE_BUILD_TYPE:"):
                        return line.split("=", 1)[1].strip() or "(none)"
            return "?"
        directory = os.path.dirname(directory)
    return "?"


def print_report(args, targets, results, sizes, info, t, mem, binary_info, notes, failures):
    forge, cgit = targets[0].name, targets[1].name
    cached = targets[2].name if len(targets) > 2 else None
    out = []
    p = out.append
    p("")
    p("=" * 118)
    p("web UI benchmark: forge vs cgit %s (CGI under lighttpd), 127.0.0.1, same bare repository"
      % cgit_version())
    p("repository: %d commits, %d files; blob %s (%d lines); tree %s/ (%d entries); commit %s "
      "(%d files, %d changed lines)" % (
          info["commits"], info["files"], t["file"], t["file_lines"], t["dir"],
          len(t["dir_entries"]), t["commit"][:12], len(t["commit_files"]), t["commit_lines"]))
    p("forge: %s" % binary_info)
    p("load: wrk -c%d -t%d -d%ds --latency per page and server, after %ds of warm-up; "
      "servers take turns, one at a time" % (args.connections, args.threads, args.duration,
                                             args.warmup))
    p("machine: %d CPUs shared by wrk and the server; 1-minute load average %.2f before the "
      "measurements%s" % (os.cpu_count() or 0, mem["load"],
                          " (other work was running: expect noise)" if mem["load"] > 0.7
                          else ""))
    for target in targets:
        p("  %-13s %s" % (target.name, target.description))
    p("=" * 118)
    head = "%-18s %10s %10s %7s  %8s %8s %8s %8s %7s  %6s %6s" % (
        "page", "forge r/s", "cgit r/s", "f/c", "forge50", "forge99", "cgit50", "cgit99",
        "99 f/c", "fCPU", "cCPU")
    if cached:
        head += " %10s %8s" % ("cached r/s", "cached99")
    head += " %6s" % "other"
    p(head)
    p("-" * len(head))
    for page in args.pages:
        rf = results.get((page, forge))
        rc = results.get((page, cgit))
        line = "%-18s" % PAGE_TITLES[page]
        if not rf or not rc:
            p(line + "  (not measured: %s)" % failures.get(page, "see FAILURES"))
            continue
        ratio = rf["rps"] / rc["rps"] if rc["rps"] else 0.0
        p99ratio = rf["p99"] / rc["p99"] if rc["p99"] else 0.0
        line += " %10.1f %10.1f %6.2f%s %8.2f %8.2f %8.2f %8.2f %7.2f  %6.2f %6.2f" % (
            rf["rps"], rc["rps"], ratio, "*" if ratio < 1.0 else " ", rf["p50"], rf["p99"],
            rc["p50"], rc["p99"], p99ratio, rf["cpu_ms"], rc["cpu_ms"])
        if cached:
            rk = results.get((page, cached))
            line += " %10.1f %8.2f" % (rk["rps"], rk["p99"]) if rk else " %10s %8s" % ("-", "-")
        other = max(r["other"] for r in (rf, rc))
        line += " %5.0f%%" % other
        p(line)
    p("")
    p("r/s: requests per second; 50/99: latency percentiles in ms (wrk); f/c: forge r/s over "
      "cgit r/s, '*' when below 1.0;")
    p("99 f/c: forge p99 over cgit p99; fCPU/cCPU: CPU ms per request of the server (forge "
      "process; lighttpd + cgit processes);")
    p("cgit r/s and cgit50/99 are cgit with its cache off (cache-size=0): rendering against "
      "rendering.%s" % (" cached: cgit with its page cache on (cache-size=1000)." if cached
                        else ""))
    p("other: CPU used meanwhile by processes outside the benchmark, in % of one CPU (above "
      "~10% the row is noisy).")
    p("")
    p("response sizes (bytes, from the check before the run): " + "; ".join(
        "%s forge %d / cgit %d" % (page, sizes[(page, forge)], sizes[(page, cgit)])
        for page in args.pages if (page, forge) in sizes and (page, cgit) in sizes))
    p("")
    aims = []
    for page in args.pages:
        rf, rc = results.get((page, forge)), results.get((page, cgit))
        if rf and rc:
            ok = rf["rps"] >= rc["rps"] and rf["p99"] < AIM_P99_MS
            aims.append("%s %s" % (page, "met" if ok else "NOT met (%s)" % ", ".join(
                w for w, bad in (("r/s below cgit", rf["rps"] < rc["rps"]),
                                 ("p99 %.0f ms" % rf["p99"], rf["p99"] >= AIM_P99_MS)) if bad)))
    p("aim (at least cgit's requests/s, p99 under %.0f ms): %s" % (AIM_P99_MS, "; ".join(aims)))
    p("")
    p("forge memory: RSS %.1f MiB after the push; during the page loads RSS %.1f MiB at the "
      "end, peak (VmHWM%s) %.1f MiB; peak since start (push included) %.1f MiB" % (
          mib(mem["before"]), mib(mem["after"]),
          ", reset before the loads" if mem["reset"] else ", since start",
          mib(mem["peak"]), mib(mem["peak_start"])))
    for note in notes:
        p("note: " + note)
    if failures:
        p("")
        p("FAILURES:")
        for page, msg in failures.items():
            p("  %s: %s" % (page, msg.replace("\n", "\n    ")))
    p("")
    p("total benchmark time %.0fs" % (time.monotonic() - STARTED))
    print("\n".join(out))
    sys.stdout.flush()


# ---------------------------------------------------------------------------


STOPPERS = []


def cleanup():
    while STOPPERS:
        try:
            STOPPERS.pop()()
        except Exception:  # noqa: BLE001 - cleaning up whatever happened
            pass


def setup(args, run_dir):
    """Servers up, repository pushed, pages checked. Returns what the run needs."""
    check_tools(["git", "curl", "wrk"], {"lighttpd": LIGHTTPD, "cgit": CGIT}, "web_ui_bench.sh")
    os.makedirs(WORK, exist_ok=True)
    rmtree(run_dir)
    os.makedirs(run_dir)
    git = GitClient(os.path.join(run_dir, "client-home"))
    cache, info = ensure_cache(git)
    source = os.path.join(cache, "src.git")
    t = pick_targets(git, source)
    log("pages show: tree %s/, blob %s (%d lines), commit %s (%d files, %d lines changed)" % (
        t["dir"], t["file"], t["file_lines"], t["commit"][:12], len(t["commit_files"]),
        t["commit_lines"]))

    binary, binary_info = copy_forge_binary(run_dir)
    kind = build_type(FORGE_BIN)
    binary_info += "; build type %s" % kind
    if kind not in ("Release", "RelWithDebInfo", "MinSizeRel"):
        log("WARNING: the forge binary comes from a %s build; benchmark a Release or "
            "RelWithDebInfo build" % kind)
    forge = ForgeServer("forge", run_dir, binary)
    STOPPERS.append(forge.stop)
    forge.start()
    forge.setup_owner()
    repo = forge.create_repo(PROJECT)
    log("pushing the repository into %s/%s over HTTP" % (forge.owner, PROJECT))
    start = time.monotonic()
    git.run("--git-dir=" + source, "push", "--quiet", "--no-progress",
            forge.url(PROJECT, auth=True), "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*")
    if git.refs(repo) != git.refs(source):
        raise BenchError("after the push the forge's repository has other refs than the source")
    log("pushed in %.1fs" % (time.monotonic() - start))

    cgit = Cgit(run_dir, repo)
    STOPPERS.append(cgit.stop)
    cgit.start()

    forge_base = "http://127.0.0.1:%d" % forge.port
    cgit_base = "http://127.0.0.1:%d" % cgit.port
    cgit_expect = expected_content(t, forge=False)
    targets = [
        Target("forge", "forge serve, default settings, project %s/%s (public), anonymous "
               "requests" % (forge.owner, PROJECT), forge_base, forge_paths(t),
               expected_content(t, forge=True), forge.pid()),
        Target("cgit", "cgit with cache-size=0 (no page cache), source-filter and "
               "about-filter off (no syntax highlighting, no README on the summary)",
               cgit_base, cgit_paths(t, "nocache"), cgit_expect, cgit.pid()),
    ]
    if not args.no_cgit_cache:
        targets.append(Target("cgit-cached", "the same cgit with its page cache on "
                              "(cache-size=1000); answers from the cache after the first "
                              "request", cgit_base, cgit_paths(t, "cache"), cgit_expect,
                              cgit.pid()))
    return git, info, t, forge, cgit, targets, binary_info


def main():
    args = parse_args()
    exit_on_signals()
    run_dir = os.path.join(WORK, "web-run")
    try:
        git, info, t, forge, cgit, targets, binary_info = setup(args, run_dir)
        sizes = {}
        notes = []
        for page in args.pages:
            for target in targets:
                size, seconds = check_page(target.name, page, target.url(page),
                                           target.expect[page])
                sizes[(page, target.name)] = size
                log("checked %-7s %-12s 200, %6d bytes, %6.1f ms (first request)  %s" % (
                    page, target.name, size, seconds * 1000, target.paths[page]))
        if "history" in args.pages:
            counts = {}
            for target in targets[:2]:
                _, body, _ = fetch(target.url("history"))
                counts[target.name] = count_commits(body, t["newest"])
            notes.append("history pages list %s of the 50 newest first-parent commits of main"
                         % ", ".join("%s %d" % kv for kv in counts.items()))
    except BenchError as e:
        return setup_failed(e, cleanup, run_dir)
    except BaseException:
        cleanup()
        raise

    mem = {"load": load_before_measuring()}
    status = read_status(forge.pid())
    mem["before"] = status.get("VmRSS", 0)
    mem["peak_start"] = status.get("VmHWM", 0)
    mem["reset"] = reset_hwm(forge.pid())
    results = {}
    failures = {}
    pids = [forge.pid(), cgit.pid()]
    try:
        for page in args.pages:
            log("%s: %s" % (page, ", ".join(target.url(page) for target in targets)))
            try:
                for target in targets:
                    r = measure(target, page, args, pids)
                    if r["non2xx"] or r["errors"]:
                        failures["%s on %s" % (page, target.name)] = (
                            "%d responses were not 2xx/3xx, %d socket errors" % (
                                r["non2xx"], r["errors"]))
                    results[(page, target.name)] = r
                # Still right after the load?
                for target in targets:
                    check_page(target.name, page, target.url(page), target.expect[page])
            except BenchError as e:
                failures[page] = str(e)
                log("FAILED: %s" % e)
            if forge.proc.poll() is not None:
                failures["forge"] = "forge serve exited with %r" % forge.proc.poll()
                break
        status = read_status(forge.pid())
        mem["after"] = status.get("VmRSS", 0)
        mem["peak"] = status.get("VmHWM", 0)
        mem["peak_start"] = max(mem["peak_start"], mem["peak"])
    finally:
        cleanup()
    print_report(args, targets, results, sizes, info, t, mem, binary_info, notes, failures)
    json_path = os.path.join(WORK, "web-last-results.json")
    with open(json_path, "w") as f:
        json.dump({
            "args": vars(args), "targets": t, "repository": info, "memory": mem,
            "results": [dict(page=page, server=server, **r)
                        for (page, server), r in results.items()],
            "sizes": [{"page": page, "server": server, "bytes": n}
                      for (page, server), n in sizes.items()],
            "notes": notes, "failures": failures,
        }, f, indent=1)
    print("results also written to %s" % json_path)
    if failures or args.keep:
        print("server logs and data kept in %s" % run_dir)
    else:
        rmtree(run_dir)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        cleanup()
