# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""What the REST API tests share: users with tokens, and curl as the client."""

import json
import sqlite3
import subprocess

import forge_harness as fh
from test_git_http import GitHttpCase


class ApiCase(GitHttpCase):
    """A server with users alice, bob, carol and eve, each with a token (and carol with a
    read-only one), and curl as the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in ("alice", "bob", "carol", "eve"):
            cls.create_user(name)
        cls.tokens = {name: cls.create_token(name) for name in ("alice", "bob", "carol", "eve")}
        cls.tokens["reader"] = cls.create_token("carol", "read only")
        with sqlite3.connect(fh.db_path(cls.data)) as db:
            db.execute("UPDATE tokens SET scopes = 'read' WHERE name = 'read only'")

    def curl(self, user, method, path, body=None, raw_body=None, headers=None,
             authorization=None):
        """(status, parsed JSON or raw text) of `curl -X METHOD` as `user` (None: anonymous).
        With a `headers` dict, the response's headers (lower-case names) land in it."""
        args = ["curl", "-sS", "-X", method, "-o", "-", "-w", "\n%{http_code}",
                "http://127.0.0.1:%d/api/v1%s" % (self.port, path)]
        if user:
            authorization = "token " + self.tokens[user]
        if authorization:
            args += ["-H", "Authorization: " + authorization]
        if body is not None or raw_body is not None:
            args += ["-H", "Content-Type: application/json",
                     "--data-binary", raw_body if raw_body is not None else json.dumps(body)]
        if headers is not None:
            head_file = self.workdir("head")
            args += ["-D", head_file]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        if headers is not None:
            with open(head_file) as f:
                for line in f.read().splitlines()[1:]:
                    name, _, value = line.partition(":")
                    if value:
                        headers[name.strip().lower()] = value.strip()
        text, _, status = proc.stdout.rpartition("\n")
        try:
            return int(status), json.loads(text) if text.strip() else None
        except ValueError:
            return int(status), text
