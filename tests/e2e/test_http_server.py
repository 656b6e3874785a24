# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""End-to-end tests of `forge serve`: start-up, HTTP/1.1 behaviour, limits, timeouts,
the access log and graceful shutdown. Requests go over raw sockets so that every
byte on the wire is under the test's control."""

import base64
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

import forge_harness as fh
from forge_harness import ConnectionClosed, PASSWORD, run_cli


def setUpModule():
    fh.require_binary()


def start_class_server(cls, env=None):
    """A server shared by all tests of a class, stopped by a class cleanup."""
    cls.tmp = tempfile.mkdtemp(prefix="forge-e2e-")
    cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
    cls.data = os.path.join(cls.tmp, "data")
    cls.server = fh.ForgeServer(cls.data, env=env)
    cls.addClassCleanup(cls.server.kill)
    cls.addClassCleanup(cls.server.stop)
    cls.server.start()


def password_lines(server):
    text = server.stdout_text() + "\n" + server.stderr_text()
    return [l for l in text.splitlines() if "password" in l.lower()]


def send_quietly(conn, data):
    """Send, ignoring a peer that already closed (it may reject early)."""
    try:
        conn.send(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def header_tokens(value):
    return {t.strip().upper() for t in (value or "").split(",") if t.strip()}


class ServeStartupTest(fh.ForgeTestCase):
    def test_listening_line_and_first_administrator(self):
        data = os.path.join(fh.make_tempdir(self), "data")
        server = fh.start_server(self, data)
        self.assertEqual(server.host, "127.0.0.1")
        self.assertGreater(server.port, 0)
        lines = password_lines(server)
        self.assertEqual(len(lines), 1, "exactly one password line expected: %r" % lines)
        password = lines[0].split()[-1]
        self.assertGreaterEqual(len(password), 10, lines[0])
        admins = fh.find_by_name(data, "users", "admin")
        self.assertEqual(len(admins), 1)
        cols = fh.columns(data, "users")
        admin_col = next(c for c in ("is_admin", "site_admin", "is_site_admin", "admin")
                         if c in cols)
        self.assertTrue(admins[0][admin_col], admins[0])
        self.assertTrue(str(admins[0]["password_hash"]).startswith("$argon2id$"))
        self.assertNotIn(password.encode(), fh.db_bytes(data))
        self.assertEqual(server.stop(), 0)

        # Second start on the same data directory: no new administrator, no password.
        again = fh.start_server(self, data)
        self.assertEqual(again.request("GET", "/healthz").status, 200)
        self.assertEqual(again.stop(), 0)
        self.assertEqual(password_lines(again), [])
        self.assertEqual(len(fh.find_by_name(data, "users", "admin")), 1)
        self.assertEqual(fh.count(data, "users"), 1)

    def test_no_administrator_created_when_one_exists(self):
        data = os.path.join(fh.make_tempdir(self), "data")
        proc = run_cli(["admin", "user", "create", "root", "--email", "root@example.org",
                        "--admin", "--password-stdin"], data, input=PASSWORD + "\n")
        self.assertCliOk(proc)
        server = fh.start_server(self, data)
        self.assertEqual(server.request("GET", "/healthz").status, 200)
        self.assertEqual(password_lines(server), [])
        self.assertEqual(fh.find_by_name(data, "users", "admin"), [])

    def test_config_file(self):
        tmp = fh.make_tempdir(self)
        data = os.path.join(tmp, "from-file")
        path = os.path.join(tmp, "forge.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('[server]\nlisten = "127.0.0.1:0"\nmax_body = 2048\n'
                    '[storage]\ndata = "%s"\n' % data)
        server = fh.start_server(self, None, args=["--config", path], log_dir=tmp, listen=None)
        self.assertTrue(os.path.isfile(fh.db_path(data)), "data directory from the file unused")
        with server.connect() as conn:
            conn.send(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2049\r\n\r\n")
            self.assertEqual(conn.read_response().status, 413, "max_body from the file unused")


class HttpBasicsTest(fh.ForgeTestCase):
    MAX_BODY = 4096

    @classmethod
    def setUpClass(cls):
        start_class_server(cls, env={"FORGE_SERVER_MAX_BODY": str(cls.MAX_BODY)})

    def assertStillServing(self):
        resp = self.server.request("GET", "/healthz")
        self.assertEqual((resp.status, resp.body), (200, b"ok\n"), "the server stopped serving")

    def test_healthz(self):
        resp = self.server.request("GET", "/healthz")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.version, "HTTP/1.1")
        self.assertTrue(resp.header("Content-Type", "").startswith("text/plain"), resp)
        self.assertEqual(resp.body, b"ok\n")
        self.assertEqual(resp.header("Content-Length"), "3")

    def test_head_healthz(self):
        get = self.server.request("GET", "/healthz")
        with self.server.connect() as conn:
            conn.send_request("HEAD", "/healthz")
            head = conn.read_response(head=True)
            self.assertEqual(head.status, 200)
            self.assertEqual(head.header("Content-Length"), get.header("Content-Length"))
            self.assertEqual(head.header("Content-Type"), get.header("Content-Type"))
            self.assertEqual(conn.pending_bytes(0.3), b"", "HEAD response must have no body")
            # The connection is still in sync: the next response parses.
            conn.send_request("GET", "/healthz")
            self.assertEqual(conn.read_response().body, b"ok\n")

    def test_keep_alive(self):
        with self.server.connect() as conn:
            for i in range(5):
                conn.send_request("GET", "/healthz")
                resp = conn.read_response()
                self.assertEqual((resp.status, resp.body), (200, b"ok\n"), "request %d" % i)
                self.assertNotEqual((resp.header("Connection") or "").lower(), "close")

    def test_pipelined_requests(self):
        with self.server.connect() as conn:
            conn.send(fh.build_request("GET", "/healthz") + fh.build_request("GET", "/nope-x")
                      + fh.build_request("GET", "/healthz"))
            self.assertEqual(conn.read_response().status, 200)
            self.assertEqual(conn.read_response().status, 404)
            self.assertEqual(conn.read_response().body, b"ok\n")

    def test_connection_close(self):
        with self.server.connect() as conn:
            conn.send_request("GET", "/healthz", {"Connection": "close"})
            self.assertEqual(conn.read_response().status, 200)
            self.assertIsNotNone(conn.wait_closed(5), "server must close after Connection: close")

    def test_not_found_is_html(self):
        resp = self.server.request("GET", "/no/such/page-e2e")
        self.assertEqual(resp.status, 404)
        ctype = resp.header("Content-Type", "").lower().replace(" ", "")
        self.assertTrue(ctype.startswith("text/html"), ctype)
        self.assertIn("charset=utf-8", ctype)
        body = resp.body.decode("utf-8").lower()
        self.assertIn("<html", body)
        self.assertIn("<title", body)
        head = self.server.request("HEAD", "/no/such/page-e2e")
        self.assertEqual(head.status, 404)
        self.assertEqual(head.header("Content-Type"), resp.header("Content-Type"))

    def test_head_not_found_has_no_body(self):
        with self.server.connect() as conn:
            conn.send_request("HEAD", "/no/such/page-e2e")
            self.assertEqual(conn.read_response(head=True).status, 404)
            self.assertEqual(conn.pending_bytes(0.3), b"", "HEAD response must have no body")

    def test_method_not_allowed(self):
        resp = self.server.request("POST", "/healthz", {"Content-Length": "0"})
        self.assertEqual(resp.status, 405)
        allow = header_tokens(resp.header("Allow"))
        self.assertIn("GET", allow, resp)
        self.assertIn("HEAD", allow, resp)
        self.assertNotIn("POST", allow)

    def test_body_is_consumed_on_keep_alive(self):
        with self.server.connect() as conn:
            conn.send_request("POST", "/healthz", {}, b"0123456789")
            self.assertEqual(conn.read_response().status, 405)
            conn.send_request("GET", "/healthz")
            self.assertEqual(conn.read_response().body, b"ok\n")

    def test_unknown_method(self):
        with self.server.connect() as conn:
            conn.send(b"BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            resp = conn.read_response()
        self.assertIn(resp.status, (501, 405), resp)
        if resp.status == 405:
            self.assertIn("GET", header_tokens(resp.header("Allow")))
        self.assertStillServing()

    def test_garbage(self):
        cases = [
            b"\x00\x01\x02 hello\r\n\r\n",
            random.Random(42).randbytes(4096) + b"\r\n\r\n",
            b"GET\r\n\r\n",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            b"GET /healthz HTTP/1.1\r\nno colon here\r\n\r\n",
        ]
        for garbage in cases:
            with self.subTest(garbage=garbage[:40]):
                with self.server.connect(timeout=8) as conn:
                    send_quietly(conn, garbage)
                    try:
                        resp = conn.read_response()
                    except ConnectionClosed:
                        resp = None  # closing is an accepted answer
                    if resp is not None:
                        self.assertEqual(resp.status, 400, resp)
                self.assertStillServing()

    def test_header_too_large(self):
        with self.server.connect() as conn:
            send_quietly(conn, fh.build_request("GET", "/healthz", {"X-Big": "a" * 65536}))
            resp = conn.read_response()
            self.assertEqual(resp.status, 431, resp)
            self.assertIsNotNone(conn.wait_closed(5), "connection must be closed after 431")
        self.assertStillServing()

    def test_many_headers_too_large_in_total(self):
        headers = {"X-H%03d" % i: "v" * 100 for i in range(200)}  # ~22 KiB in total
        with self.server.connect() as conn:
            send_quietly(conn, fh.build_request("GET", "/healthz", headers))
            resp = conn.read_response()
            self.assertIn(resp.status, (431, 400), resp)
            self.assertIsNotNone(conn.wait_closed(5), "connection must be closed")
        self.assertStillServing()

    def test_moderate_header_is_accepted(self):
        resp = self.server.request("GET", "/healthz", {"X-Medium": "m" * 8192})
        self.assertEqual((resp.status, resp.body), (200, b"ok\n"))

    def test_body_too_large(self):
        with self.server.connect() as conn:
            # Only the header: the server must answer without waiting for the body.
            conn.send(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
                      % (self.MAX_BODY + 1))
            self.assertEqual(conn.read_response().status, 413)
        self.assertStillServing()

    def test_body_at_the_limit_is_read(self):
        with self.server.connect() as conn:
            conn.send_request("POST", "/healthz", {}, b"x" * self.MAX_BODY)
            self.assertEqual(conn.read_response().status, 405)
            conn.send_request("GET", "/healthz")
            self.assertEqual(conn.read_response().body, b"ok\n")

    def test_access_log(self):
        secrets = ["QUERYSECRET123", "AUTHSECRET456", "COOKIESECRET789"]
        basic = base64.b64encode(b"alice:AUTHSECRET456").decode()
        resp = self.server.request("GET", "/healthz?token=QUERYSECRET123", {
            "Authorization": "Basic " + basic,
            "Cookie": "forge_session=COOKIESECRET789",
        })
        self.assertEqual(resp.status, 200)
        self.server.request("GET", "/healthz", {"Authorization": "token AUTHSECRET456"})
        missing = self.server.request("GET", "/access-log-e2e-404")
        size = len(missing.body)
        log = self.server.wait_stderr(lambda t: "/access-log-e2e-404" in t)
        lines = log.splitlines()
        nf = [l for l in lines if "/access-log-e2e-404" in l]
        self.assertEqual(len(nf), 1, "one access log line per request: %r" % nf)
        self.assertIn("GET", nf[0])
        self.assertIn("404", nf[0].replace("/access-log-e2e-404", ""))
        self.assertIn(str(size), nf[0].replace("/access-log-e2e-404", ""),
                      "the access log line must contain the bytes sent")
        ok = [l for l in lines
              if "/healthz" in l and "GET" in l and re.search(r"(?<!\d)200(?!\d)", l)]
        self.assertTrue(ok, "no access log line for GET /healthz 200:\n" + log)
        everything = log + "\n" + self.server.stdout_text()
        for secret in secrets + [basic, "token="]:
            self.assertNotIn(secret, everything, "the log leaks %r" % secret)


    def test_access_log_durations_are_plausible(self):
        # Requests rejected while their header is read (400, 431, 413) are logged too,
        # and no logged duration may exceed the server's own age.
        with self.server.connect() as conn:
            send_quietly(conn, b"\x00\x01\x02 durations\r\n\r\n")
            self.assertEqual(conn.read_response().status, 400)
        with self.server.connect() as conn:
            send_quietly(conn, fh.build_request("GET", "/healthz", {"X-Big": "d" * 65536}))
            self.assertEqual(conn.read_response().status, 431)
        with self.server.connect() as conn:
            conn.send(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n")
            self.assertEqual(conn.read_response().status, 413)
        self.server.request("GET", "/duration-e2e-marker")
        log = self.server.wait_stderr(lambda t: "/duration-e2e-marker" in t)
        age = time.monotonic() - self.server.started_at
        access = [l for l in log.splitlines() if fh.durations(l)]
        for status in ("400", "431", "413", "404"):
            self.assertTrue(any(re.search(r"(?<!\d)%s(?!\d)" % status, l) for l in access),
                            "no access log line with status %s:\n%s" % (status, log))
        for line in access:
            for d in fh.durations(line):
                self.assertLessEqual(d, age, "implausible duration %.3f s (server age %.1f s)"
                                     " in access log line %r" % (d, age, line))


    def test_access_log_names_method_and_path_of_too_large_request(self):
        # A 413 is decided on a complete header, so method and path are known.
        with self.server.connect() as conn:
            conn.send(b"POST /healthz?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n")
            self.assertEqual(conn.read_response().status, 413)
        self.server.request("GET", "/too-large-e2e-marker")
        log = self.server.wait_stderr(lambda t: "/too-large-e2e-marker" in t)
        too_large = [l for l in log.splitlines() if re.search(r"(?<![\d.])413(?![\d.])", l)]
        self.assertTrue(too_large, "no access log line with status 413:\n" + log)
        self.assertTrue(any("POST" in l and "/healthz" in l for l in too_large),
                        "the 413 access log line must name method and path: %r" % too_large)


class DefaultLimitsTest(fh.ForgeTestCase):
    def test_default_max_body_is_one_mebibyte(self):
        server = fh.start_server(self)
        with server.connect() as conn:
            conn.send(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n")
            self.assertEqual(conn.read_response().status, 413)
        with server.connect() as conn:
            conn.send(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n")
            # Within the limit: the server waits for the body instead of answering 413.
            self.assertEqual(conn.pending_bytes(1.0), b"", "1 MiB must be accepted")
            conn.send(b"y" * 1048576)
            self.assertEqual(conn.read_response().status, 405)


class TimeoutTest(fh.ForgeTestCase):
    IDLE = 2
    SLACK = 2.5

    @classmethod
    def setUpClass(cls):
        start_class_server(cls, env={"FORGE_SERVER_IDLE_TIMEOUT": str(cls.IDLE)})

    def test_slow_header_is_cut_off(self):
        header = fh.build_request("GET", "/healthz", {"X-Slow": "s" * 200})
        conn = self.server.connect()
        self.addCleanup(conn.close)
        start = time.monotonic()
        closed_after = None
        other_answered = False
        for i in range(len(header)):
            elapsed = time.monotonic() - start
            if elapsed > self.IDLE + self.SLACK + 2:
                break
            try:
                conn.send(header[i:i + 1])
            except (BrokenPipeError, ConnectionResetError):
                closed_after = time.monotonic() - start
                break
            waited = conn.wait_closed(1.0)
            if waited is not None:
                closed_after = time.monotonic() - start
                break
            if not other_answered:
                # Another client is served normally while the slow one dribbles.
                t0 = time.monotonic()
                resp = self.server.request("GET", "/healthz", timeout=5)
                self.assertEqual((resp.status, resp.body), (200, b"ok\n"))
                self.assertLess(time.monotonic() - t0, 1.5, "the slow client blocks others")
                other_answered = True
        self.assertIsNotNone(closed_after, "slow client still connected after %.1f s"
                             % (time.monotonic() - start))
        self.assertTrue(other_answered)
        self.assertGreaterEqual(closed_after, self.IDLE - 0.5, "closed too early")
        self.assertLessEqual(closed_after, self.IDLE + self.SLACK, "closed too late")
        if conn.buf:
            self.assertTrue(conn.buf.startswith(b"HTTP/1.1 4"), conn.buf[:100])

    def test_idle_connections_are_closed(self):
        silent = self.server.connect()  # never sends a byte
        self.addCleanup(silent.close)
        opened = time.monotonic()
        kept = self.server.connect()
        self.addCleanup(kept.close)
        kept.send_request("GET", "/healthz")
        self.assertEqual(kept.read_response().body, b"ok\n")
        answered = time.monotonic()
        kept_after = kept.wait_closed(self.IDLE + self.SLACK + 2)
        self.assertIsNotNone(kept_after, "idle keep-alive connection was not closed")
        silent_wait = silent.wait_closed(max(0.1, opened + self.IDLE + self.SLACK + 2
                                             - time.monotonic()))
        self.assertIsNotNone(silent_wait, "silent connection was not closed")
        silent_after = time.monotonic() - opened
        self.assertGreaterEqual(kept_after, self.IDLE - 0.5, "closed too early")
        self.assertLessEqual(kept_after, self.IDLE + self.SLACK)
        self.assertLessEqual(silent_after, self.IDLE + self.SLACK + 0.5)
        self.assertGreater(answered, opened)


class ShutdownTest(fh.ForgeTestCase):
    def assertExitsCleanly(self, server, within=5.0):
        start = time.monotonic()
        try:
            code = server.wait(timeout=within + 5)
        except subprocess.TimeoutExpired:
            self.fail("server did not exit within %.0f s after the signal" % (within + 5))
        self.assertEqual(code, 0, "exit status after the signal\nstderr=%s"
                         % server.stderr_text()[-2000:])
        self.assertLessEqual(time.monotonic() - start, within)
        self.assertTrue(fh.port_refuses(server.port), "port still accepts after exit")

    def test_sigterm_with_idle_keep_alive_connection(self):
        server = fh.start_server(self)
        conn = server.connect()
        self.addCleanup(conn.close)
        conn.send_request("GET", "/healthz")
        self.assertEqual(conn.read_response().status, 200)
        server.signal(signal.SIGTERM)
        self.assertExitsCleanly(server)
        self.assertIsNotNone(conn.wait_closed(2), "the idle connection must be closed")

    def test_sigterm_lets_request_in_flight_finish(self):
        server = fh.start_server(self)
        conn = server.connect()
        self.addCleanup(conn.close)
        conn.send(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
        time.sleep(0.5)
        server.signal(signal.SIGTERM)
        time.sleep(0.5)
        self.assertIsNone(server.proc.poll(), "server exited with a request in flight")
        conn.send(b"0123456789")
        resp = conn.read_response()
        self.assertEqual(resp.status, 405, resp)
        self.assertIn("GET", header_tokens(resp.header("Allow")))
        self.assertExitsCleanly(server)

    def test_sigint(self):
        server = fh.start_server(self)
        self.assertEqual(server.request("GET", "/healthz").status, 200)
        server.signal(signal.SIGINT)
        self.assertExitsCleanly(server)

    def test_sigterm_when_idle(self):
        server = fh.start_server(self)
        port = server.port
        server.signal(signal.SIGTERM)
        self.assertExitsCleanly(server)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()


if __name__ == "__main__":
    unittest.main()
