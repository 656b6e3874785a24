# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Shared helpers for the end-to-end tests of the `forge` binary.

Everything here is bounded in time: every socket has a timeout, every
subprocess wait has a timeout, and every server started is stopped (and
killed if it does not stop) through the test case's cleanups.
"""

import os
import re
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

PROJECT_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FORGE_BIN = os.path.abspath(
    os.environ.get("FORGE_BIN") or os.path.join(PROJECT_ROOT, "build", "forge", "forge")
)

# Timeouts in seconds. Generous, because the binary may run under sanitizers.
CLI_TIMEOUT = 60
START_TIMEOUT = 30
STOP_TIMEOUT = 15
SOCKET_TIMEOUT = 10

LISTEN_RE = re.compile(r"listening on http://(\[[^\]]+\]|[^\s:/]+):(\d+)")

# A password long enough for every account created in the tests.
PASSWORD = "correct horse battery"


def require_binary():
    """Fail (not skip) the calling module when the binary is missing."""
    if not (os.path.isfile(FORGE_BIN) and os.access(FORGE_BIN, os.X_OK)):
        raise RuntimeError(
            "forge binary not found or not executable: %s (build it first or set FORGE_BIN)"
            % FORGE_BIN
        )


def clean_env(data_dir=None, extra=None):
    """The test process's environment without any FORGE_* variable, plus settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORGE_")}
    env["LC_ALL"] = "C.UTF-8"
    if data_dir is not None:
        env["FORGE_STORAGE_DATA"] = data_dir
    if extra:
        env.update(extra)
    return env


def make_tempdir(testcase, prefix="forge-e2e-"):
    """A temporary directory removed by the test case's cleanups."""
    path = tempfile.mkdtemp(prefix=prefix)
    testcase.addCleanup(shutil.rmtree, path, True)
    return path


def run_cli(args, data_dir=None, input=None, env=None, cwd=None, timeout=CLI_TIMEOUT):
    """Run `forge ARGS...` and return the CompletedProcess (text mode).

    `input` is sent on stdin (stdin is empty otherwise). Raises
    subprocess.TimeoutExpired (after killing the child) when it hangs.
    """
    full_env = clean_env(data_dir, env)
    return subprocess.run(
        [FORGE_BIN] + list(args),
        input=input if input is not None else "",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


def describe(proc):
    """A short description of a CompletedProcess for assertion messages."""
    return "exit=%r\nstdout=%r\nstderr=%r" % (proc.returncode, proc.stdout, proc.stderr)


def last_line(text):
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1].strip() if lines else ""


# ---------------------------------------------------------------------------
# The server


class ForgeServer:
    """A `forge serve` process on 127.0.0.1 with an OS-chosen port.

    stdout is read by a thread (lines kept in `stdout_lines`); stderr (the
    access log) goes to a file so the pipe can never fill up.
    """

    def __init__(self, data_dir, env=None, args=None, listen="127.0.0.1:0", log_dir=None):
        self.data_dir = data_dir
        self.extra_env = dict(env or {})
        if listen is not None:
            self.extra_env.setdefault("FORGE_SERVER_LISTEN", listen)
        self.args = list(args or [])
        if log_dir is None and data_dir is None:
            raise ValueError("a server without data_dir needs a log_dir")
        self.log_dir = log_dir or data_dir + ".log"
        self.proc = None
        self.host = None
        self.port = None
        self.stdout_lines = []
        self._lock = threading.Lock()
        self._listening = threading.Event()
        self._eof = threading.Event()
        self._reader = None
        self.stderr_path = None

    # -- life cycle

    def start(self, timeout=START_TIMEOUT):
        os.makedirs(self.log_dir, exist_ok=True)
        self.stderr_path = os.path.join(self.log_dir, "stderr-%d.log" % time.monotonic_ns())
        self._stderr_file = open(self.stderr_path, "wb")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            [FORGE_BIN, "serve"] + self.args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr_file,
            env=clean_env(self.data_dir, self.extra_env),
            cwd=self.log_dir,
        )
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._listening.wait(0.05):
                return self
            if self.proc.poll() is not None and self._eof.is_set():
                break
        code = self.proc.poll()
        self.kill()
        raise AssertionError(
            "forge serve did not print 'listening on http://HOST:PORT' (exit=%r)\n"
            "stdout=%r\nstderr=%r" % (code, self.stdout_text(), self.stderr_text())
        )

    def _read_stdout(self):
        try:
            for raw in iter(self.proc.stdout.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                with self._lock:
                    self.stdout_lines.append(line)
                m = LISTEN_RE.search(line)
                if m and not self._listening.is_set():
                    self.host = m.group(1).strip("[]")
                    self.port = int(m.group(2))
                    self._listening.set()
        except (OSError, ValueError):
            pass
        finally:
            self._eof.set()

    def signal(self, sig):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait(self, timeout):
        """Wait for the exit; returns the status or raises subprocess.TimeoutExpired."""
        code = self.proc.wait(timeout=timeout)
        self._eof.wait(2)
        return code

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, wait, then SIGKILL. Returns the exit status. Safe to call twice."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._finish()
        return self.proc.returncode

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pass
        self._finish()

    def _finish(self):
        if self._reader is not None:
            self._reader.join(timeout=5)
        for f in (getattr(self.proc, "stdout", None), getattr(self, "_stderr_file", None)):
            try:
                if f is not None:
                    f.close()
            except OSError:
                pass

    # -- output

    def stdout_text(self):
        with self._lock:
            return "\n".join(self.stdout_lines)

    def stderr_text(self):
        if not self.stderr_path or not os.path.exists(self.stderr_path):
            return ""
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_stderr(self, predicate, timeout=5.0):
        """Poll the stderr log until predicate(text) is true; returns the text."""
        deadline = time.monotonic() + timeout
        text = self.stderr_text()
        while not predicate(text) and time.monotonic() < deadline:
            time.sleep(0.05)
            text = self.stderr_text()
        return text

    # -- client side

    def connect(self, timeout=SOCKET_TIMEOUT):
        return HttpConnection(self.port, host=self.host or "127.0.0.1", timeout=timeout)

    def request(self, method, path, headers=None, body=b"", timeout=SOCKET_TIMEOUT):
        """One request on a fresh connection (Connection: close)."""
        conn = self.connect(timeout)
        try:
            h = {"Connection": "close"}
            h.update(headers or {})
            conn.send_request(method, path, h, body)
            return conn.read_response(head=(method == "HEAD"))
        finally:
            conn.close()


def start_server(testcase, data_dir=None, env=None, args=None, log_dir=None,
                 listen="127.0.0.1:0"):
    """Start a server whose stop (and kill) is registered as a cleanup.

    Without data_dir (and without log_dir) a fresh temporary data directory is used.
    With only log_dir, no FORGE_STORAGE_DATA is set (e.g. it comes from --config).
    """
    if data_dir is None and log_dir is None:
        data_dir = os.path.join(make_tempdir(testcase), "data")
    server = ForgeServer(data_dir, env=env, args=args, log_dir=log_dir, listen=listen)
    testcase.addCleanup(server.kill)
    testcase.addCleanup(server.stop)
    return server.start()


# ---------------------------------------------------------------------------
# Raw HTTP over a socket


class Response:
    def __init__(self, version, status, reason, headers, body, raw_head):
        self.version = version
        self.status = status
        self.reason = reason
        self.header_list = headers  # [(name, value)] in order
        self.body = body
        self.raw_head = raw_head

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.header_list:
            if k.lower() == name:
                return v
        return default

    def headers_named(self, name):
        name = name.lower()
        return [v for k, v in self.header_list if k.lower() == name]

    def __repr__(self):
        return "<Response %s %s headers=%r body=%r>" % (
            self.status,
            self.reason,
            self.header_list,
            self.body[:200],
        )


class ConnectionClosed(Exception):
    """The peer closed (or reset) the connection before a full response arrived."""


class HttpConnection:
    def __init__(self, port, host="127.0.0.1", timeout=SOCKET_TIMEOUT):
        self.host = host
        self.port = port
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.buf = b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, data):
        self.sock.sendall(data)

    def send_request(self, method, path, headers=None, body=b"", version="HTTP/1.1"):
        self.send(build_request(method, path, headers, body, self.host, self.port, version))

    def _fill(self):
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError:
            data = b""
        if not data:
            raise ConnectionClosed("connection closed; received so far: %r" % self.buf[:300])
        self.buf += data

    def read_response(self, head=False):
        """Read one response. `head` means the request was HEAD (no body follows)."""
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > 1 << 20:
                raise AssertionError("response header too large")
            self._fill()
        raw_head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = raw_head.decode("iso-8859-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise AssertionError("bad status line %r" % lines[0])
        version, status = parts[0], int(parts[1])
        reason = parts[2] if len(parts) > 2 else ""
        headers = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.append((name.strip(), value.strip()))
        resp = Response(version, status, reason, headers, b"", raw_head)
        if head or status in (204, 304) or 100 <= status < 200:
            return resp
        te = (resp.header("Transfer-Encoding") or "").lower()
        cl = resp.header("Content-Length")
        if "chunked" in te:
            resp.body = self._read_chunked()
        elif cl is not None:
            resp.body = self._read_exact(int(cl))
        else:
            resp.body = self._read_to_eof()
        return resp

    def _read_exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def _read_line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read_chunked(self):
        body = b""
        while True:
            size = int(self._read_line().split(b";")[0].strip(), 16)
            if size == 0:
                while self._read_line() != b"":
                    pass
                return body
            body += self._read_exact(size)
            self._read_line()

    def _read_to_eof(self):
        while True:
            try:
                self._fill()
            except ConnectionClosed:
                data, self.buf = self.buf, b""
                return data

    def wait_closed(self, timeout):
        """Wait until the peer closes the connection (EOF or reset).

        Returns the seconds waited, or None if it is still open after `timeout`.
        Bytes that arrive meanwhile are appended to the buffer.
        """
        start = time.monotonic()
        deadline = start + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            r, _, _ = select.select([self.sock], [], [], min(remaining, 0.2))
            if not r:
                continue
            try:
                data = self.sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                data = b""
            if not data:
                return time.monotonic() - start
            self.buf += data

    def pending_bytes(self, wait=0.2):
        """Bytes already received or arriving within `wait` seconds (non-consuming)."""
        r, _, _ = select.select([self.sock], [], [], wait)
        if r:
            try:
                data = self.sock.recv(65536)
            except ConnectionResetError:
                data = b""
            self.buf += data
        return self.buf


def build_request(method, path, headers=None, body=b"", host="127.0.0.1", port=80,
                  version="HTTP/1.1"):
    headers = dict(headers or {})
    if not any(k.lower() == "host" for k in headers):
        headers = dict([("Host", "%s:%d" % (host, port))] + list(headers.items()))
    if body and not any(k.lower() == "content-length" for k in headers):
        headers["Content-Length"] = str(len(body))
    lines = ["%s %s %s" % (method, path, version)]
    lines += ["%s: %s" % (k, v) for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("iso-8859-1") + body


DURATION_RE = re.compile(r"(?<![\w.:])(\d+(?:\.\d+)?)\s?(ns|us|\u00b5s|ms|s)(?![\w])")
DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "\u00b5s": 1e-6, "ms": 1e-3, "s": 1.0}


def durations(line):
    """The durations written in a log line (e.g. '0.1ms', '12 ms', '1.5s'), in seconds."""
    return [float(v) * DURATION_UNITS[u] for v, u in DURATION_RE.findall(line)]


def port_refuses(port, host="127.0.0.1"):
    """True if a TCP connection to the port is refused."""
    try:
        s = socket.create_connection((host, port), timeout=2)
    except ConnectionRefusedError:
        return True
    except OSError:
        return False
    s.close()
    return False


# ---------------------------------------------------------------------------
# The database


def db_path(data_dir):
    return os.path.join(data_dir, "forge.db")


def open_db(data_dir):
    """Open forge.db read-only; the caller closes it."""
    path = db_path(data_dir)
    if not os.path.exists(path):
        raise AssertionError("database %s does not exist" % path)
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)
    return con


def query(data_dir, sql, params=()):
    con = open_db(data_dir)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def columns(data_dir, table):
    return [r[1] for r in query(data_dir, "PRAGMA table_info(%s)" % table)]


def table_names(data_dir):
    return {r[0] for r in query(data_dir, "SELECT name FROM sqlite_master WHERE type='table'")}


def count(data_dir, table):
    return query(data_dir, "SELECT COUNT(*) FROM %s" % table)[0][0]


def rows_as_dicts(data_dir, table):
    con = open_db(data_dir)
    try:
        cur = con.execute("SELECT * FROM %s" % table)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()


def name_column(data_dir, table):
    """The column that holds the name (users.name, users.username, groups.name, ...)."""
    cols = columns(data_dir, table)
    for cand in ("name", "username", "login", "slug"):
        if cand in cols:
            return cand
    raise AssertionError("table %s has no name column: %r" % (table, cols))


def find_by_name(data_dir, table, name):
    col = name_column(data_dir, table)
    return [r for r in rows_as_dicts(data_dir, table) if r[col] == name]


def names_in(data_dir, table):
    col = name_column(data_dir, table)
    return {r[col] for r in rows_as_dicts(data_dir, table)}


def db_bytes(data_dir):
    """The raw bytes of forge.db and its WAL and shared-memory files."""
    out = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = db_path(data_dir) + suffix
        if os.path.exists(p):
            with open(p, "rb") as f:
                out += f.read()
    return out


def audit_rows(data_dir):
    return rows_as_dicts(data_dir, "audit_log")


def row_text(row):
    return " ".join("" if v is None else (v.decode("utf-8", "replace") if isinstance(v, bytes)
                                          else str(v)) for v in row.values())


class ForgeTestCase(unittest.TestCase):
    """Common assertions."""

    maxDiff = None

    def assertCliOk(self, proc):
        self.assertEqual(proc.returncode, 0, "command failed:\n" + describe(proc))

    def assertCliFails(self, proc, code=None, mentions=None):
        self.assertNotEqual(proc.returncode, 0, "command should have failed:\n" + describe(proc))
        if code is not None:
            codes = code if isinstance(code, (tuple, list, set)) else (code,)
            self.assertIn(proc.returncode, codes, "wrong exit status:\n" + describe(proc))
        for m in ([mentions] if isinstance(mentions, str) else (mentions or [])):
            self.assertIn(m.lower(), proc.stderr.lower(),
                          "stderr should mention %r:\n%s" % (m, describe(proc)))

    def assertNewAuditRow(self, before, data_dir, *names):
        """At least one audit row was added since `before` (a list of rows) and one of
        the new rows mentions one of `names`."""
        after = audit_rows(data_dir)
        self.assertGreater(len(after), len(before), "no new audit_log row")
        old = {tuple(sorted((k, repr(v)) for k, v in r.items())) for r in before}
        new = [r for r in after if tuple(sorted((k, repr(v)) for k, v in r.items())) not in old]
        texts = [row_text(r) for r in new]
        self.assertTrue(any(n in t for t in texts for n in names),
                        "no new audit_log row mentions any of %r: %r" % (names, new))


def tables_containing(data_dir, text):
    """Names of the tables with at least one row that mentions `text` in some column."""
    found = set()
    for table in table_names(data_dir):
        if table.startswith("sqlite_"):
            continue
        for row in rows_as_dicts(data_dir, table):
            if text in row_text(row):
                found.add(table)
                break
    return found


def repo_dir(data_dir, project_id):
    """Where the bare repository of project `project_id` lives (DESIGN.md section 4)."""
    return os.path.join(data_dir, "repos", "%02x" % (int(project_id) % 256),
                        "%d.git" % int(project_id))
