# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Sign-in throttling for HTTP Basic on git endpoints (DESIGN.md section 8): after five
failures an account and an address must wait, even with the right password."""

import subprocess

from test_git_http import PASSWORD, GitHttpCase


class ThrottleTest(GitHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_user("bob")
        cls.create_project("alice/secret", "private")
        cls.grant("alice/secret", "bob", "read")

    def status(self, user, password, source="127.0.0.1"):
        url = "http://127.0.0.1:%d/alice/secret.git/info/refs?service=git-upload-pack" % self.port
        proc = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", source,
             "-u", "%s:%s" % (user, password), url],
            capture_output=True, text=True, timeout=30)
        return int(proc.stdout)

    def test_five_failures_make_the_account_and_address_wait(self):
        self.assertEqual(self.status("alice", PASSWORD), 200)
        for _ in range(5):
            self.assertEqual(self.status("alice", "wrong password"), 401)
        self.assertEqual(self.status("alice", PASSWORD), 429, "right password not slowed down")
        self.assertEqual(self.status("bob", PASSWORD), 429, "address not slowed down")
        # Another address and account goes ahead.
        self.assertEqual(self.status("bob", PASSWORD, source="127.0.0.2"), 200)
