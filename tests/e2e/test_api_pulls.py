# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""The review loop through the REST API with curl, in Gitea's paths and shapes: open a
pull request, comment on a line, push a fix, approve as a second user, merge, and see
the target branch move; conflicts, stale heads, forks and refusals."""

import base64
import json
import os
import sqlite3
import subprocess

import forge_harness as fh
import git_fixtures as gf
from api_case import ApiCase


class ApiPullsTest(ApiCase):
    def project(self):
        full = "alice/" + self.new_name("api")
        self.create_project(full, "private")
        self.grant(full, "bob", "write")
        self.grant(full, "carol", "maintain")
        work = self.workdir("w")
        self.git.run(["init", "-q", "-b", "main", work])
        self.git.commit(work, "start", {"app.txt": "one\ntwo\nthree\nfour\n"})
        self.git.run(["remote", "add", "origin", self.url(full, "bob")], cwd=work)
        self.git.run(["push", "-q", "origin", "main"], cwd=work)
        return full, work

    def branch(self, work, name, files, start="main"):
        self.git.run(["checkout", "-q", "-B", name, start], cwd=work)
        head = self.git.commit(work, name, files)
        self.git.run(["push", "-q", "-f", "origin", name], cwd=work)
        return head

    def main_of(self, full):
        refs = gf.parse_ls_remote(self.git.run(["ls-remote", self.url(full, "alice")]).stdout)
        return refs["refs/heads/main"]

    def open_pull(self, full, head, title="A change"):
        status, pull = self.curl("bob", "POST", "/repos/%s/pulls" % full,
                                 {"head": head, "base": "main", "title": title,
                                  "body": "Please *look*"})
        self.assertEqual(status, 201, pull)
        return pull

    def test_review_loop(self):
        full, work = self.project()
        start = self.main_of(full)
        first = self.branch(work, "feature", {"app.txt": "one\nTWO\nthree\nfour\n"})
        pull = self.open_pull(full, "feature")
        number = pull["number"]
        self.assertEqual(pull["state"], "open")
        self.assertEqual(pull["head"]["sha"], first)
        self.assertEqual(pull["head"]["ref"], "feature")
        self.assertEqual(pull["base"]["ref"], "main")
        self.assertEqual(pull["user"]["login"], "bob")
        self.assertTrue(pull["mergeable"])
        self.assertFalse(pull["merged"])

        status, listed = self.curl("carol", "GET", "/repos/%s/pulls?state=open" % full)
        self.assertEqual(status, 200)
        self.assertEqual([p["number"] for p in listed], [number])
        status, files = self.curl("carol", "GET", "/repos/%s/pulls/%d/files" % (full, number))
        self.assertEqual([(f["filename"], f["additions"], f["deletions"]) for f in files],
                         [("app.txt", 1, 1)])

        status, review = self.curl("carol", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                   {"event": "COMMENT", "body": "One remark",
                                    "comments": [{"path": "app.txt", "body": "Lower case?",
                                                  "new_position": 2}]})
        self.assertEqual(status, 200, review)
        self.assertEqual(review["state"], "COMMENT")
        self.assertEqual(review["comments_count"], 1)
        rows = fh.query(self.data, "SELECT path, side, line, body FROM merge_request_comments")
        self.assertIn(("app.txt", "new", 2, "Lower case?"), [tuple(r) for r in rows])
        reviews_path = "/repos/%s/pulls/%d/reviews" % (full, number)
        status, same = self.curl("bob", "GET", "%s/%d" % (reviews_path, review["id"]))
        self.assertEqual((status, same["body"], same["user"]["login"]), (200, "One remark", "carol"))
        status, comments = self.curl("bob", "GET", "%s/%d/comments" % (reviews_path, review["id"]))
        self.assertEqual(status, 200, comments)
        self.assertEqual([(c["path"], c["position"], c["original_position"], c["body"], c["commit_id"])
                          for c in comments], [("app.txt", 2, 0, "Lower case?", first)])
        self.assertEqual(self.curl("bob", "GET", "%s/999999" % reviews_path)[0], 404)

        status, diff = self.curl("carol", "GET", "/repos/%s/pulls/%d.diff" % (full, number))
        self.assertEqual(status, 200, diff)
        self.assertIn("diff --git a/app.txt b/app.txt\n--- a/app.txt\n+++ b/app.txt\n", diff)
        self.assertIn("\n-two\n+TWO\n", diff)
        at_start, _ = self.clone(self.url(full, "alice"))
        patch = os.path.join(at_start, "..", "pull.diff")
        with open(patch, "w") as f:
            f.write(diff)
        self.git.run(["apply", "--check", patch], cwd=at_start)
        self.assertTrue(pull["diff_url"].endswith("/api/v1/repos/%s/pulls/%d.diff" % (full, number)))
        status, commits = self.curl("carol", "GET", "/repos/%s/pulls/%d/commits" % (full, number))
        self.assertEqual([c["sha"] for c in commits], [first])
        self.assertEqual(commits[0]["commit"]["message"].strip(), "feature")

        status, edited = self.curl("bob", "PATCH", "/repos/%s/pulls/%d" % (full, number),
                                   {"title": "Louder two"})
        self.assertEqual(edited["title"], "Louder two")

        fix = self.git.commit(work, "fix", {"app.txt": "one\nTwo\nthree\nfour\n"})
        self.git.run(["push", "-q", "origin", "feature"], cwd=work)
        status, pull = self.curl("carol", "GET", "/repos/%s/pulls/%d" % (full, number))
        self.assertEqual(pull["head"]["sha"], fix)

        status, body = self.curl("bob", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                 {"event": "APPROVED"})
        self.assertEqual(status, 403, body)  # authors do not approve their own work
        status, review = self.curl("carol", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                   {"event": "APPROVED", "commit_id": fix})
        self.assertEqual(status, 200, review)
        self.assertEqual(review["state"], "APPROVED")
        status, reviews = self.curl("bob", "GET", "/repos/%s/pulls/%d/reviews" % (full, number))
        self.assertEqual([r["state"] for r in reviews], ["COMMENT", "APPROVED"])

        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "merge", "head_commit_id": first})
        self.assertEqual(status, 409, body)  # the head moved on since
        self.assertEqual(self.main_of(full), start)
        status, body = self.curl("carol", "GET", "/repos/%s/pulls/%d/merge" % (full, number))
        self.assertEqual(status, 404)
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "merge", "head_commit_id": fix,
                                  "delete_branch_after_merge": True})
        self.assertEqual(status, 200, body)
        main = self.main_of(full)
        self.assertNotEqual(main, start)
        clone, _ = self.clone(self.url(full, "alice"))
        parents = self.git.out(["log", "-1", "--format=%P", "origin/main"], cwd=clone).split()
        self.assertEqual(parents, [start, fix])
        status, pull = self.curl("carol", "GET", "/repos/%s/pulls/%d" % (full, number))
        self.assertTrue(pull["merged"])
        self.assertEqual(pull["state"], "closed")
        self.assertEqual(pull["merge_commit_sha"], main)
        self.assertEqual(pull["merged_by"]["login"], "carol")
        self.assertEqual(pull["base"]["sha"], main)
        self.assertRegex(pull["merged_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        status, body = self.curl("carol", "GET", "/repos/%s/pulls/%d/merge" % (full, number))
        self.assertEqual(status, 204)
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "merge"})
        self.assertEqual(status, 405, body)  # merged already
        status, body = self.curl("bob", "PATCH", "/repos/%s/pulls/%d" % (full, number),
                                 {"state": "open"})
        self.assertEqual(status, 412, body)
        actions = [row[0] for row in fh.query(self.data, "SELECT action FROM audit_log")]
        self.assertIn("merge_request.merge", actions)

    def test_squash_and_fast_forward(self):
        full, work = self.project()
        start = self.main_of(full)
        ff = self.branch(work, "ff", {"ff.txt": "ff\n"})
        number = self.open_pull(full, "ff")["number"]
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "fast-forward-only"})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.main_of(full), ff)

        squash = self.branch(work, "squash", {"s.txt": "s\n"}, start=start)
        number = self.open_pull(full, "squash")["number"]
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "fast-forward-only"})
        self.assertEqual(status, 409, body)  # main has moved past the branch's start
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "squash", "MergeTitleField": "Squashed s"})
        self.assertEqual(status, 200, body)
        clone, _ = self.clone(self.url(full, "alice"))
        self.assertEqual(self.git.out(["log", "-1", "--format=%P %s", "origin/main"], cwd=clone).strip(),
                         "%s Squashed s" % ff)
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "rebase"})
        self.assertEqual(status, 405, body)  # a Gitea style Forge does not have
        self.assertIn("rebase", body["message"])
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "octopus"})
        self.assertEqual(status, 422, body)
        del squash

    def test_conflict_says_why(self):
        full, work = self.project()
        self.branch(work, "left", {"app.txt": "one\nLEFT\nthree\nfour\n"})
        self.branch(work, "right", {"app.txt": "one\nRIGHT\nthree\nfour\n"})
        left = self.open_pull(full, "left")["number"]
        right = self.open_pull(full, "right")["number"]
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, left),
                                 {"Do": "merge"})
        self.assertEqual(status, 200, body)
        main = self.main_of(full)
        status, pull = self.curl("carol", "GET", "/repos/%s/pulls/%d" % (full, right))
        self.assertFalse(pull["mergeable"])
        self.assertEqual(pull["conflicts"], ["app.txt"])
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, right),
                                 {"Do": "merge"})
        self.assertEqual(status, 405, body)  # not in a mergeable state, as Gitea says
        self.assertIn("conflict", body["message"])
        self.assertEqual(self.main_of(full), main)

    def test_refusals(self):
        full, work = self.project()
        self.branch(work, "x", {"x.txt": "x\n"})
        number = self.open_pull(full, "x")["number"]
        for method, path in (("GET", "/repos/%s/pulls" % full),
                             ("GET", "/repos/%s/pulls/%d" % (full, number)),
                             ("GET", "/repos/%s" % full)):
            self.assertEqual(self.curl("eve", method, path)[0], 404, path)
            self.assertEqual(self.curl(None, method, path)[0], 404, path)
        status, body = self.curl("eve", "POST", "/repos/%s/pulls" % full,
                                 {"head": "x", "base": "main", "title": "t"})
        self.assertEqual(status, 404)
        status, body = self.curl("reader", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                 {"event": "APPROVED"})
        self.assertEqual(status, 403, body)
        status, body = self.curl("reader", "POST", "/repos/%s/pulls" % full,
                                 {"head": "x", "base": "main", "title": "t"})
        self.assertEqual(status, 403, body)
        status, body = self.curl("reader", "GET", "/repos/%s/pulls/%d" % (full, number))
        self.assertEqual(status, 200, body)
        status, body = self.curl(None, "GET", "/repos/%s/pulls" % full,
                                 authorization="token not-a-token")
        self.assertEqual(status, 401, body)
        status, body = self.curl("bob", "POST", "/repos/%s/pulls" % full, raw_body="{not json")
        self.assertEqual(status, 400, body)
        self.assertIn("JSON", body["message"])
        status, body = self.curl("bob", "POST", "/repos/%s/pulls" % full, raw_body="[1]")
        self.assertEqual(status, 400, body)
        status, body = self.curl("bob", "POST", "/repos/%s/pulls" % full,
                                 {"head": "x", "base": "main", "title": 5})
        self.assertEqual(status, 422, body)
        status, body = self.curl("bob", "POST", "/repos/%s/pulls" % full,
                                 {"head": "x", "base": "main", "title": "t", "reviewers": [1]})
        self.assertEqual(status, 422, body)
        status, body = self.curl("bob", "POST", "/repos/%s/pulls" % full,
                                 {"head": "nope", "base": "main", "title": "t"})
        self.assertIn(status, (404, 422), body)
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                 {"event": "COMMENT", "comments": [
                                     {"path": "x.txt", "body": "b", "new_position": "2"}]})
        self.assertEqual(status, 422, body)
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                 {"event": "COMMENT", "comments": [
                                     {"path": "x.txt", "body": "b", "new_position": 99}]})
        self.assertEqual(status, 422, body)  # no such line
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                 {"event": "PENDING"})
        self.assertEqual(status, 422, body)
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                 raw_body="[" * 100000)
        self.assertEqual(status, 400, body)
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/reviews" % (full, number),
                                 raw_body='{"a":' + "[" * 50000 + "]" * 50000 + "}")
        self.assertEqual(status, 422, body)  # deep but valid: no event, body or comments
        status, body = self.curl("bob", "POST", "/repos/%s/pulls" % full,
                                 {"head": "x", "base": "main", "title": "again"})
        self.assertEqual(status, 409, body)
        # Writers may merge into unprotected branches only; Gitea says 405.
        self.protect(full, "main")
        status, body = self.curl("bob", "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "merge"})
        self.assertEqual(status, 405, body)
        status, body = self.curl(None, "POST", "/repos/%s/pulls/%d/merge" % (full, number),
                                 {"Do": "merge"})
        self.assertEqual(status, 401)
        for method in ("GET", "POST", "DELETE"):
            status, body = self.curl("bob", method, "/nothing/here")
            self.assertEqual(status, 404, method)
            self.assertIn("message", body)

    def test_pull_request_from_a_fork(self):
        full, work = self.project()
        self.grant(full, "eve", "read")
        status, fork = self.curl("eve", "POST", "/repos/%s/forks" % full, {})
        self.assertEqual(status, 202, fork)
        self.assertTrue(fork["fork"])
        self.assertEqual(fork["parent"]["full_name"], full)
        fork_name = fork["full_name"]
        clone, _ = self.clone(self.url(fork_name, "eve"))
        head = self.git.commit(clone, "from eve", {"eve.txt": "hello\n"})
        self.git.run(["push", "-q", "origin", "HEAD:refs/heads/idea"], cwd=clone)
        status, pull = self.curl("eve", "POST", "/repos/%s/pulls" % full,
                                 {"head": "eve:idea", "base": "main", "title": "From a fork"})
        self.assertEqual(status, 201, pull)
        self.assertEqual(pull["head"]["repo"]["full_name"], fork_name)
        # A private project's fork is private: only those who may read it see it listed.
        status, forks = self.curl("eve", "GET", "/repos/%s/forks" % full)
        self.assertEqual([f["full_name"] for f in forks], [fork_name])
        status, forks = self.curl("alice", "GET", "/repos/%s/forks" % full)
        self.assertEqual(forks, [])
        status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, pull["number"]),
                                 {"Do": "merge"})
        self.assertEqual(status, 200, body)
        clone2, _ = self.clone(self.url(full, "alice"))
        proc = self.git.run(["merge-base", "--is-ancestor", head, "origin/main"], cwd=clone2,
                            check=False)
        self.assertEqual(proc.returncode, 0)

    def test_version_user_and_repository(self):
        status, version = self.curl(None, "GET", "/version")
        self.assertEqual(status, 200)
        self.assertRegex(version["version"], r"^1\.\d+\.\d+\+forge-")
        self.assertEqual(self.curl(None, "GET", "/user")[0], 401)
        status, me = self.curl("bob", "GET", "/user")
        self.assertEqual((status, me["login"], me["email"]), (200, "bob", "bob@example.org"))
        # HTTP Basic with the password, or with a token as the password.
        for secret in (fh.PASSWORD, self.tokens["bob"]):
            basic = base64.b64encode(("bob:" + secret).encode()).decode()
            status, me = self.curl(None, "GET", "/user", authorization="Basic " + basic)
            self.assertEqual((status, me["login"]), (200, "bob"))

        full, _ = self.project()
        status, repo = self.curl("bob", "GET", "/repos/%s" % full)
        self.assertEqual(status, 200, repo)
        self.assertEqual((repo["full_name"], repo["owner"]["login"], repo["default_branch"]),
                         (full, "alice", "main"))
        self.assertEqual((repo["private"], repo["fork"], repo["parent"]), (True, False, None))
        self.assertEqual(repo["permissions"], {"admin": False, "push": True, "pull": True})
        self.assertEqual(repo["owner"]["email"], "")  # nobody else's address
        self.assertTrue(repo["html_url"].endswith("/" + full))
        self.assertTrue(repo["clone_url"].endswith("/%s.git" % full))
        self.assertTrue(repo["allow_squash_merge"])
        status, repo = self.curl("carol", "GET", "/repos/%s" % full)
        self.assertEqual(repo["permissions"], {"admin": False, "push": True, "pull": True})
        status, repo = self.curl("alice", "GET", "/repos/%s" % full)
        self.assertEqual(repo["permissions"]["admin"], True)

    def test_states_and_pages(self):
        full, work = self.project()
        numbers = []
        for i in range(5):
            self.branch(work, "b%d" % i, {"b%d.txt" % i: "b\n"})
            numbers.append(self.open_pull(full, "b%d" % i, "Change %d" % i)["number"])
        # 0 and 3 merged, 1 closed, 2 and 4 open.
        for n in (numbers[0], numbers[3]):
            status, body = self.curl("carol", "POST", "/repos/%s/pulls/%d/merge" % (full, n),
                                     {"Do": "merge"})
            self.assertEqual(status, 200, body)
        status, pull = self.curl("bob", "PATCH", "/repos/%s/pulls/%d" % (full, numbers[1]),
                                 {"state": "closed"})
        self.assertEqual((status, pull["state"], pull["merged"]), (201, "closed", False))
        self.assertIsNotNone(pull["closed_at"])

        def listed(query):
            headers = {}
            status, items = self.curl("bob", "GET", "/repos/%s/pulls?%s" % (full, query),
                                      headers=headers)
            self.assertEqual(status, 200, items)
            return [p["number"] for p in items], int(headers["x-total-count"])

        n = numbers
        self.assertEqual(listed("state=open"), ([n[4], n[2]], 2))
        self.assertEqual(listed(""), ([n[4], n[2]], 2))
        self.assertEqual(listed("state=closed"), ([n[3], n[1], n[0]], 3))
        self.assertEqual(listed("state=closed&limit=2"), ([n[3], n[1]], 3))
        self.assertEqual(listed("state=closed&limit=2&page=2"), ([n[0]], 3))
        self.assertEqual(listed("state=closed&limit=2&page=99999999999"), ([], 3))
        self.assertEqual(listed("state=all&limit=3&page=2"), ([n[1], n[0]], 5))
        self.assertEqual(listed("state=all&limit=x&page=-1"), (list(reversed(n)), 5))
        self.assertEqual(listed("state=all&poster=carol"), ([], 0))
        status, body = self.curl("bob", "GET", "/repos/%s/pulls?state=merged" % full)
        self.assertEqual(status, 422, body)

        status, pull = self.curl("bob", "PATCH", "/repos/%s/pulls/%d" % (full, n[1]),
                                 {"state": "open", "title": "Change one, again"})
        self.assertEqual((status, pull["state"], pull["title"]), (201, "open", "Change one, again"))
        status, body = self.curl("bob", "PATCH", "/repos/%s/pulls/%d" % (full, n[1]),
                                 {"state": "merged"})
        self.assertEqual(status, 422, body)
        status, pull = self.curl("carol", "GET", "/repos/%s/pulls/%d" % (full, n[2]))
        self.assertEqual(pull["base"]["sha"], self.main_of(full))
        self.assertEqual(pull["requested_reviewers"], [])
        self.assertEqual(self.curl("carol", "GET", "/repos/%s/pulls/0" % full)[0], 404)
        self.assertEqual(self.curl("carol", "GET", "/repos/%s/pulls/abc" % full)[0], 404)
        self.assertEqual(self.curl("carol", "GET", "/repos/%s/pulls/%d.patch" % (full, n[2]))[0],
                         404)
