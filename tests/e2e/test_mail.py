# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""E-mail notifications through a real SMTP server on loopback.

The server is smtp_sink.mjs (npm package smtp-server from tests/browser, which `make test`
installs): it requires AUTH and records every message it accepts as a JSON line. Alice
opens an issue in the web form that mentions @bob; the forge queues the notification in
mail_outbox and its sender thread delivers it.
"""

import email
import email.header
import email.policy
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import unittest

import forge_harness as fh
from forge_harness import PASSWORD, run_cli
from test_web_http import Browser

HERE = os.path.dirname(os.path.abspath(__file__))
SINK = os.path.join(HERE, "smtp_sink.mjs")
SMTP_SERVER_MODULE = os.path.join(fh.PROJECT_ROOT, "tests", "browser", "node_modules",
                                  "smtp-server")
SMTP_USER = "forge-relay"
SMTP_PASSWORD = "relay secret 123"
FROM = "Forge <forge@example.org>"
TITLE = "Grüße: the build fails"
SUBJECT = "[alice/tool#1] " + TITLE
NEVER = 2 ** 63 - 1


def setUpModule():
    fh.require_binary()
    if shutil.which("node") is None:
        raise RuntimeError("node not found: the mail tests need Node.js for the SMTP server")
    if not os.path.isdir(SMTP_SERVER_MODULE):
        raise RuntimeError("npm package smtp-server missing: run `npm ci` in tests/browser "
                           "(make test does)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """smtp_sink.mjs on a free loopback port; messages are read from its JSON lines."""

    def __init__(self, testcase, directory, extra_args=()):
        self.out = os.path.join(directory, "received-%d.jsonl" % time.monotonic_ns())
        self.proc = subprocess.Popen(
            ["node", SINK, "--out", self.out, "--user", SMTP_USER, "--password", SMTP_PASSWORD]
            + list(extra_args),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        testcase.addCleanup(self.stop)
        line = [None]
        reader = threading.Thread(target=lambda: line.__setitem__(0, self.proc.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(fh.START_TIMEOUT)
        text = (line[0] or b"").decode()
        if not text.startswith("listening on "):
            self.stop()
            raise AssertionError("SMTP sink did not start: %r %r" % (text, self.proc.stderr.read()))
        self.port = int(text.split()[-1])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(fh.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(fh.STOP_TIMEOUT)
        for f in (self.proc.stdout, self.proc.stderr):
            f.close()

    def messages(self):
        if not os.path.exists(self.out):
            return []
        with open(self.out, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def wait_for(self, count=1, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError("SMTP sink received %d of %d messages" % (len(self.messages()),
                                                                       count))


def decoded(value):
    return str(email.header.make_header(email.header.decode_header(value)))


class MailTest(fh.ForgeTestCase):

    def setUp(self):
        self.tmp = fh.make_tempdir(self)
        self.data = os.path.join(self.tmp, "data")
        for name in ("alice", "bob"):
            self.cli("admin", "user", "create", name, "--email", "%s@example.org" % name,
                     "--password-stdin", input=PASSWORD + "\n")
        self.cli("admin", "project", "create", "alice/tool", "--visibility", "public")

    def cli(self, *args, input=None):
        proc = run_cli(list(args), self.data, input=input)
        self.assertCliOk(proc)
        return proc

    def start_forge(self, smtp_port=None, env=None):
        extra = dict(env or {})
        if smtp_port is not None:
            extra.update({
                "FORGE_MAIL_HOST": "127.0.0.1",
                "FORGE_MAIL_PORT": str(smtp_port),
                "FORGE_MAIL_FROM": FROM,
                "FORGE_MAIL_USER": SMTP_USER,
                "FORGE_MAIL_PASSWORD": SMTP_PASSWORD,
            })
        self.server = fh.start_server(self, self.data, env=extra)
        return self.server

    def open_issue_mentioning_bob(self):
        alice = Browser(self.server)
        alice.sign_in("alice", PASSWORD)
        resp = alice.post("/alice/tool/issues",
                          {"title": TITLE, "body": "Please have a look, @bob.\n\n.\nThanks"},
                          token_from="/alice/tool/issues/new")
        self.assertEqual(resp.status, 303, resp)
        self.assertEqual(resp.header("Location"), "/alice/tool/issues/1")

    def outbox(self):
        return fh.rows_as_dicts(self.data, "mail_outbox")

    def wait_outbox(self, predicate, timeout=20):
        deadline = time.monotonic() + timeout
        rows = self.outbox()
        while not predicate(rows) and time.monotonic() < deadline:
            time.sleep(0.1)
            rows = self.outbox()
        return rows

    # -- delivery

    def test_a_mention_reaches_the_smtp_server_and_the_row_is_marked_sent(self):
        sink = SmtpSink(self, self.tmp)
        self.start_forge(sink.port)
        self.open_issue_mentioning_bob()

        received = sink.wait_for(1)
        self.assertEqual(len(received), 1, received)
        got = received[0]
        self.assertEqual(got["to"], ["bob@example.org"])
        self.assertEqual(got["from"], "forge@example.org")
        self.assertEqual(got["user"], SMTP_USER)
        self.assertIn("\r\n\r\n", got["data"])
        message = email.message_from_bytes(got["data"].encode("utf-8"),
                                         policy=email.policy.default)
        self.assertEqual(decoded(message["Subject"]), SUBJECT)
        self.assertIn("\r\nTo: <bob@example.org>\r\n", got["data"])
        self.assertEqual(decoded(message["From"]), FROM)
        self.assertTrue(message["Message-ID"].endswith("@example.org>"))
        self.assertIsNotNone(message["Date"])
        self.assertEqual(message["MIME-Version"], "1.0")
        self.assertEqual(message.get_content_type(), "text/plain")
        self.assertEqual(message.get_content_charset(), "utf-8")
        body = message.get_content()
        self.assertIn("alice/tool#1: " + TITLE, body)
        self.assertIn("/alice/tool/issues/1", body)
        headers = got["data"].split("\r\n\r\n", 1)[0]
        for line in headers.split("\r\n"):
            self.assertLessEqual(len(line), 78, line)

        rows = self.wait_outbox(lambda rs: rs and rs[0]["sent_at"] is not None)
        self.assertEqual(len(rows), 1, rows)
        self.assertEqual(rows[0]["recipient"], "bob@example.org")
        self.assertIsNotNone(rows[0]["sent_at"])
        self.assertEqual(rows[0]["attempts"], 1)
        self.assertEqual(rows[0]["last_error"], "")
        # Alice caused it: she gets no mail about her own issue.
        self.assertNotIn("alice@example.org", [r["recipient"] for r in rows])
        self.assertEqual(self.server.stop(), 0)

    def test_starttls_is_used_when_offered_and_the_certificate_verified(self):
        if shutil.which("openssl") is None:
            self.skipTest("openssl command not available")
        cert = os.path.join(self.tmp, "cert.pem")
        key = os.path.join(self.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert],
                       check=True, capture_output=True, timeout=fh.CLI_TIMEOUT)
        sink = SmtpSink(self, self.tmp, ["--cert", cert, "--key", key])
        # The forge trusts the sink's certificate through OpenSSL's SSL_CERT_FILE.
        self.start_forge(sink.port, env={"SSL_CERT_FILE": cert})
        self.open_issue_mentioning_bob()
        received = sink.wait_for(1)
        self.assertTrue(received[0]["secure"], "the message went without TLS")
        self.assertEqual(received[0]["user"], SMTP_USER)

    def test_an_untrusted_certificate_stops_the_delivery(self):
        if shutil.which("openssl") is None:
            self.skipTest("openssl command not available")
        cert = os.path.join(self.tmp, "cert.pem")
        key = os.path.join(self.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert],
                       check=True, capture_output=True, timeout=fh.CLI_TIMEOUT)
        sink = SmtpSink(self, self.tmp, ["--cert", cert, "--key", key])
        self.start_forge(sink.port)
        self.open_issue_mentioning_bob()
        rows = self.wait_outbox(lambda rs: rs and rs[0]["attempts"] >= 1)
        self.assertEqual(rows[0]["attempts"], 1, rows)
        self.assertIsNone(rows[0]["sent_at"])
        self.assertIn("TLS", rows[0]["last_error"])
        self.assertEqual(sink.messages(), [])

    # -- failures

    def test_with_the_smtp_server_down_the_attempt_is_recorded_and_requests_go_on(self):
        port = free_port()  # nothing listens there
        self.start_forge(port)
        self.open_issue_mentioning_bob()
        rows = self.wait_outbox(lambda rs: rs and rs[0]["attempts"] >= 1)
        self.assertEqual(len(rows), 1, rows)
        row = rows[0]
        self.assertEqual(row["attempts"], 1)
        self.assertIsNone(row["sent_at"])
        self.assertIn("connecting to 127.0.0.1:%d" % port, row["last_error"])
        # Next attempt in a minute.
        self.assertGreater(row["next_attempt_at"], time.time() + 50)
        self.assertLess(row["next_attempt_at"], time.time() + 70)
        log = self.server.wait_stderr(lambda t: "failed (attempt 1)" in t)
        self.assertIn("mail 1 to bob@example.org failed (attempt 1)", log)
        self.assertIn("next attempt in 1 min", log)
        self.assertNotIn(SMTP_PASSWORD, log)
        for _ in range(3):
            self.assertEqual(self.server.request("GET", "/healthz").status, 200)
            self.assertEqual(self.server.request("GET", "/alice/tool/issues/1").status, 200)
        self.assertEqual(self.server.stop(), 0)

    def test_a_recipient_the_server_refuses_is_given_up_at_once(self):
        sink = SmtpSink(self, self.tmp, ["--reject", "bob@example.org"])
        self.start_forge(sink.port)
        self.open_issue_mentioning_bob()
        rows = self.wait_outbox(lambda rs: rs and rs[0]["attempts"] >= 1)
        self.assertIsNone(rows[0]["sent_at"])
        self.assertIn("550", rows[0]["last_error"])
        self.assertEqual(rows[0]["next_attempt_at"], NEVER)
        self.assertEqual(sink.messages(), [])

    def test_sigterm_stops_the_sender_with_the_server(self):
        # A server that accepts the connection but never greets: the sender waits in it.
        listener = socket.socket()
        self.addCleanup(listener.close)
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        self.start_forge(listener.getsockname()[1])
        self.open_issue_mentioning_bob()
        listener.settimeout(20)
        conn, _ = listener.accept()
        self.addCleanup(conn.close)
        started = time.monotonic()
        self.assertEqual(self.server.stop(), 0)
        self.assertLess(time.monotonic() - started, 5)
        rows = self.outbox()
        # Given back, not counted as an attempt.
        self.assertEqual(rows[0]["attempts"], 0, rows)
        self.assertIsNone(rows[0]["sent_at"])

    # -- no configuration, no mail

    def test_without_mail_configuration_nothing_is_queued_or_sent(self):
        sink = SmtpSink(self, self.tmp)
        # The relay's port and credentials alone do not turn mail on: mail.host is unset.
        self.start_forge(env={"FORGE_MAIL_PORT": str(sink.port), "FORGE_MAIL_FROM": FROM})
        self.open_issue_mentioning_bob()
        # Bob has the notification in his inbox, but no mail was queued.
        self.assertTrue(fh.query(self.data, "SELECT COUNT(*) FROM notifications n JOIN users u "
                                            "ON u.id = n.user_id WHERE u.name = 'bob'")[0][0])
        self.assertEqual(self.outbox(), [])
        # A row put there by hand stays: no sender runs.
        con = fh.sqlite3.connect(fh.db_path(self.data), timeout=10)
        try:
            con.execute("INSERT INTO mail_outbox (recipient, subject, body, created_at, "
                        "next_attempt_at) VALUES ('bob@example.org', 's', 'b', 0, 0)")
            con.commit()
        finally:
            con.close()
        time.sleep(6)
        rows = self.outbox()
        self.assertEqual([(r["attempts"], r["sent_at"]) for r in rows], [(0, None)])
        self.assertEqual(sink.messages(), [])
        self.assertNotIn("mail:", self.server.stderr_text())
        self.assertEqual(self.server.stop(), 0)


if __name__ == "__main__":
    unittest.main()
