#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Helpers shared by the benchmarks in this directory: running commands, the git client,
a `forge serve` with a temporary data directory, lighttpd, memory and CPU figures.

Python 3 standard library only. Not a benchmark itself.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


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
LIGHTTPD = shutil.which("lighttpd") or "/usr/sbin/lighttpd"

GIT_TIMEOUT = 900
CLI_TIMEOUT = 60
START_TIMEOUT = 30


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


def check_tools(commands, executables, installer):
    """Raise BenchError naming what is missing: commands in PATH, executables ({name: path}),
    the forge binary. `installer` is the script that installs them."""
    missing = [tool for tool in commands if not shutil.which(tool)]
    missing += ["%s (%s)" % (name, path) if os.path.basename(path) != name else name
                for name, path in executables.items() if not os.access(path, os.X_OK)]
    if missing:
        raise BenchError("missing: %s (%s installs them)" % (", ".join(missing), installer))
    if not (os.path.isfile(FORGE_BIN) and os.access(FORGE_BIN, os.X_OK)):
        raise BenchError("forge binary not found: %s (build it, or set FORGE_BIN)" % FORGE_BIN)


def setup_failed(error, cleanup, run_dir):
    """Report a setup that failed, stop the servers; returns the exit status, 2."""
    log("SETUP FAILED: %s" % error)
    cleanup()
    print("logs kept in %s" % run_dir)
    return 2


def load_before_measuring():
    """The 1-minute load average, with a warning when other work is running."""
    load = loadavg()
    if load > 0.7:
        log("WARNING: 1-minute load average %.2f before the measurements: other work is "
            "running on this machine and will skew the numbers" % load)
    return load


def on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def exit_on_signals():
    """SIGTERM, SIGHUP and SIGINT raise SystemExit, so that `finally` stops the servers."""
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, on_signal)


def lighttpd_errorlog(directory):
    """Where the configuration of start_lighttpd(directory, ...) should send server.errorlog."""
    return os.path.join(directory, "lighttpd-error.log")


def start_lighttpd(directory, port, conf, env, what):
    """Write `conf` to directory/lighttpd.conf, check it, and run lighttpd in the foreground
    in its own session until it accepts connections on 127.0.0.1:port. Returns the Popen;
    stop it with stop_process_group."""
    path = os.path.join(directory, "lighttpd.conf")
    with open(path, "w") as f:
        f.write(conf)
    run([LIGHTTPD, "-tt", "-f", path], what="lighttpd -tt (configuration test)")
    stderr_path = os.path.join(directory, "lighttpd.err")
    with open(stderr_path, "wb") as err:
        proc = subprocess.Popen([LIGHTTPD, "-D", "-f", path], stdin=subprocess.DEVNULL,
                                stdout=err, stderr=err, cwd=directory, env=env,
                                start_new_session=True)
    if not wait_for_port(port, proc):
        code = proc.poll()
        stop_process_group(proc)
        errlog = lighttpd_errorlog(directory)
        raise BenchError("lighttpd did not start (exit %r):\n%s\n%s" % (
            code, tail_text(open(stderr_path, "rb").read()),
            tail_text(open(errlog, "rb").read()) if os.path.exists(errlog) else ""))
    log("%s (pid %d) listening on 127.0.0.1:%d" % (what, proc.pid, port))
    return proc


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
