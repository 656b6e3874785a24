# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Merge requests seen through git: their refs are fetchable, follow pushes, belong to the
forge, and a merge racing a push to the target never loses either.

Merge requests are opened and merged through the REST API (Gitea's paths), with tokens.
"""

import json
import os
import threading
import urllib.error
import urllib.request

import git_fixtures as gf
from test_git_http import GitHttpCase


class MergeRequestGitCase(GitHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in ("alice", "bob", "carol"):
            cls.create_user(name)
        cls.tokens = {name: cls.create_token(name) for name in ("alice", "bob", "carol")}

    def api(self, user, method, path, body=None):
        """(status, parsed JSON or None) of an API call as `user`."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            "http://127.0.0.1:%d/api/v1%s" % (self.port, path), data=data, method=method)
        request.add_header("Authorization", "token " + self.tokens[user])
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw.strip() else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw)
            except ValueError:
                return error.code, raw

    def new_project(self, visibility="private"):
        full = "alice/" + self.new_name("mr")
        self.create_project(full, visibility)
        self.grant(full, "bob", "write")
        self.grant(full, "carol", "maintain")
        work = self.workdir("seed")
        self.git.run(["init", "-q", "-b", "main", work])
        self.git.commit(work, "start", {"app.txt": "one\ntwo\nthree\n"})
        self.push(work, self.url(full, "alice"), "main:refs/heads/main", check=True)
        self.git.run(["remote", "add", "origin", self.url(full, "alice")], cwd=work)
        return full, work

    def open_request(self, full, branch, user="bob"):
        status, body = self.api(user, "POST", "/repos/%s/pulls" % full,
                                {"head": branch, "base": "main", "title": "Change " + branch})
        self.assertEqual(status, 201, body)
        return body["number"]

    def remote_refs(self, full, user="alice"):
        proc = self.git.run(["ls-remote", self.url(full, user)])
        return gf.parse_ls_remote(proc.stdout)

    def test_merge_request_refs_are_fetchable_and_follow_pushes(self):
        full, work = self.new_project()
        self.git.run(["checkout", "-q", "-b", "feature"], cwd=work)
        first = self.git.commit(work, "feature", {"app.txt": "one\nTWO\nthree\n"})
        self.push(work, self.url(full, "bob"), "feature", check=True)
        number = self.open_request(full, "feature")

        clone, _ = self.clone(self.url(full, "carol"))
        self.git.run(["fetch", "-q", "origin",
                      "refs/merge-requests/%d/head:mr-head" % number,
                      "refs/merge-requests/%d/merge:mr-merge" % number], cwd=clone)
        self.assertEqual(self.git.rev(clone, "mr-head"), first)
        parents = self.git.out(["log", "-1", "--format=%P", "mr-merge"], cwd=clone).split()
        self.assertEqual(parents, [self.git.rev(work, "main"), first])

        second = self.git.commit(work, "fix", {"app.txt": "one\nTwo\nthree\n"})
        self.push(work, self.url(full, "bob"), "feature", check=True)
        # The push has returned: the ref has followed already (DESIGN.md section 8).
        refs = self.remote_refs(full)
        self.assertEqual(refs["refs/merge-requests/%d/head" % number], second)

        # The forge alone writes these refs, even for the project's owner.
        result = self.push(work, self.url(full, "alice"),
                           "+%s:refs/merge-requests/%d/head" % (first, number), check=False)
        self.assertRejected(result, "refs/merge-requests/%d/head" % number)
        self.assertEqual(self.remote_refs(full)["refs/merge-requests/%d/head" % number], second)

        # Nobody outside sees them.
        proc = self.git.run(["ls-remote", self.url(full)], check=False)
        self.assertNotEqual(proc.returncode, 0)

    def test_conflicting_request_has_no_merge_ref(self):
        full, work = self.new_project()
        self.git.run(["checkout", "-q", "-b", "clash"], cwd=work)
        self.git.commit(work, "clash", {"app.txt": "one\nX\nthree\n"})
        self.push(work, self.url(full, "bob"), "clash", check=True)
        number = self.open_request(full, "clash")
        self.git.run(["checkout", "-q", "main"], cwd=work)
        self.git.commit(work, "other", {"app.txt": "one\nY\nthree\n"})
        self.push(work, self.url(full, "alice"), "main", check=True)
        refs = self.remote_refs(full)
        self.assertIn("refs/merge-requests/%d/head" % number, refs)
        self.assertNotIn("refs/merge-requests/%d/merge" % number, refs)
        status, body = self.api("carol", "GET", "/repos/%s/pulls/%d" % (full, number))
        self.assertEqual(status, 200)
        self.assertFalse(body["mergeable"])
        status, body = self.api("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                {"Do": "merge"})
        self.assertIn(status, (405, 409), body)
        self.assertEqual(self.remote_refs(full)["refs/heads/main"], self.git.rev(work, "main"))

    def test_merge_racing_a_push_loses_nothing(self):
        """Merges and pushes to the target at the same moment: every push git reported as
        accepted and every merge the API reported as done is in the target's history."""
        full, work = self.new_project()
        pusher = self.workdir("pusher")
        self.git.run(["clone", "-q", self.url(full, "alice"), pusher])
        kept = []  # commits that must be in main at the end
        for round_number in range(6):
            branch = "race%d" % round_number
            self.git.run(["fetch", "-q", "origin"], cwd=work)
            self.git.run(["checkout", "-q", "-B", branch, "origin/main"], cwd=work)
            head = self.git.commit(work, branch, {"%s.txt" % branch: branch + "\n"})
            self.push(work, self.url(full, "bob"), branch, check=True)
            number = self.open_request(full, branch)

            self.git.run(["pull", "-q", "--rebase", "origin", "main"], cwd=pusher)
            pushed = self.git.commit(pusher, "push %d" % round_number,
                                     {"push%d.txt" % round_number: "x\n"})
            start = threading.Barrier(2)
            outcome = {}

            def merge():
                start.wait()
                outcome["merge"] = self.api("carol", "POST", "/repos/%s/pulls/%d/merge"
                                            % (full, number), {"Do": "merge"})

            def push():
                start.wait()
                outcome["push"] = self.git.run(["push", "--porcelain", "origin", "HEAD:main"],
                                               cwd=pusher, check=False)

            threads = [threading.Thread(target=merge), threading.Thread(target=push)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)

            merge_status = outcome["merge"][0]
            self.assertIn(merge_status, (200, 409), outcome["merge"])
            if outcome["push"].returncode == 0:
                kept.append(pushed)
            else:
                # Rejected as stale, never half-applied: the pusher's next round rebases it.
                self.assertIn("main", outcome["push"].stdout + outcome["push"].stderr)
            if merge_status == 409:
                status, body = self.api("carol", "POST", "/repos/%s/pulls/%d/merge"
                                        % (full, number), {"Do": "merge"})
                self.assertEqual(status, 200, body)
            kept.append(head)
            status, body = self.api("carol", "GET", "/repos/%s/pulls/%d" % (full, number))
            self.assertTrue(body["merged"], body)

        clone, _ = self.clone(self.url(full, "alice"))
        for commit in kept:
            proc = self.git.run(["merge-base", "--is-ancestor", commit, "origin/main"],
                                cwd=clone, check=False)
            self.assertEqual(proc.returncode, 0, "commit %s was lost from main" % commit)
        self.assertServerFsck(full)
