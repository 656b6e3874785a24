# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Issues through the REST API with curl, in Gitea's paths and shapes: open, list with
filters, read, edit, close and reopen, comments, labels and milestones; a pushed commit
that closes an issue; rights and malformed requests."""

import sqlite3

import forge_harness as fh
from api_case import ApiCase


class ApiIssuesTest(ApiCase):
    def project(self, visibility="private"):
        full = "alice/" + self.new_name("issues")
        self.create_project(full, visibility)
        self.grant(full, "bob", "write")
        self.grant(full, "carol", "maintain")
        return full

    def test_issue_loop(self):
        full = self.project()
        base = "/repos/%s" % full
        status, label = self.curl("carol", "POST", base + "/labels",
                                  {"name": "bug", "color": "d73a4a", "description": "Broken"})
        self.assertEqual(status, 201, label)
        self.assertEqual((label["name"], label["color"]), ("bug", "d73a4a"))
        status, milestone = self.curl("carol", "POST", base + "/milestones",
                                      {"title": "1.0", "due_on": "2027-03-31T00:00:00Z"})
        self.assertEqual(status, 201, milestone)
        self.assertEqual(milestone["due_on"], "2027-03-31T23:59:59Z")

        status, issue = self.curl("carol", "POST", base + "/issues",
                                  {"title": "Crash on start", "body": "It *crashes*",
                                   "labels": [label["id"]], "assignees": ["bob"],
                                   "milestone": milestone["id"]})
        self.assertEqual(status, 201, issue)
        number = issue["number"]
        self.assertEqual(issue["state"], "open")
        self.assertEqual(issue["user"]["login"], "carol")
        self.assertEqual([l["name"] for l in issue["labels"]], ["bug"])
        self.assertEqual([a["login"] for a in issue["assignees"]], ["bob"])
        self.assertEqual(issue["milestone"]["title"], "1.0")
        self.assertIsNone(issue["pull_request"])
        status, other = self.curl("bob", "POST", base + "/issues", {"title": "Slow search"})
        self.assertEqual(status, 201, other)
        self.assertEqual(other["number"], number + 1)

        status, listed = self.curl("bob", "GET", base + "/issues?labels=bug")
        self.assertEqual([i["number"] for i in listed], [number])
        status, listed = self.curl("bob", "GET", base + "/issues?q=search")
        self.assertEqual([i["number"] for i in listed], [other["number"]])
        status, listed = self.curl("bob", "GET", base + "/issues?created_by=bob")
        self.assertEqual([i["number"] for i in listed], [other["number"]])
        status, listed = self.curl("bob", "GET", base + "/issues?assignee=bob&milestones=1.0")
        self.assertEqual([i["number"] for i in listed], [number])
        headers = {}
        status, listed = self.curl("bob", "GET", base + "/issues?limit=1", headers=headers)
        self.assertEqual((status, len(listed), headers.get("x-total-count")), (200, 1, "2"))

        status, comment = self.curl("bob", "POST", base + "/issues/%d/comments" % number,
                                    {"body": "Seen it too, see #%d" % other["number"]})
        self.assertEqual(status, 201, comment)
        status, comments = self.curl("alice", "GET", base + "/issues/%d/comments" % number)
        self.assertEqual([c["body"] for c in comments], [comment["body"]])
        status, got = self.curl("alice", "GET", base + "/issues/%d" % number)
        self.assertEqual((status, got["comments"]), (200, 1))

        # A writer may not label; the maintainer may.
        status, _ = self.curl("bob", "PUT", base + "/issues/%d/labels" % other["number"],
                              {"labels": [label["id"]]})
        self.assertEqual(status, 403)
        status, labels = self.curl("carol", "POST", base + "/issues/%d/labels" % other["number"],
                                   {"labels": [label["id"]]})
        self.assertEqual((status, [l["name"] for l in labels]), (200, ["bug"]))
        status, _ = self.curl("carol", "DELETE", base + "/issues/%d/labels" % other["number"])
        self.assertEqual(status, 204)

        status, edited = self.curl("carol", "PATCH", base + "/issues/%d" % number,
                                   {"title": "Crash on start-up", "state": "closed"})
        self.assertEqual(status, 201, edited)
        self.assertEqual((edited["title"], edited["state"]), ("Crash on start-up", "closed"))
        self.assertIsNotNone(edited["closed_at"])
        status, milestones = self.curl("bob", "GET", base + "/milestones")
        self.assertEqual((milestones[0]["open_issues"], milestones[0]["closed_issues"]), (0, 1))
        status, reopened = self.curl("carol", "PATCH", base + "/issues/%d" % number,
                                     {"state": "open"})
        self.assertEqual((status, reopened["state"]), (201, "open"))
        rows = fh.query(self.data, "SELECT action FROM audit_log WHERE action LIKE 'issue.%'")
        actions = [r[0] for r in rows]
        for action in ("issue.open", "issue.comment", "issue.label", "issue.close", "issue.reopen"):
            self.assertIn(action, actions)

    def test_refusals(self):
        full = self.project()
        base = "/repos/%s" % full
        status, issue = self.curl("bob", "POST", base + "/issues", {"title": "Mine"})
        self.assertEqual(status, 201)
        # Outsiders and anonymous callers see no private project.
        self.assertEqual(self.curl("eve", "GET", base + "/issues")[0], 404)
        self.assertEqual(self.curl("eve", "GET", base + "/issues/%d" % issue["number"])[0], 404)
        self.assertEqual(self.curl(None, "GET", base + "/issues")[0], 404)
        self.assertEqual(self.curl(None, "POST", base + "/issues", {"title": "x"})[0], 401)
        self.assertEqual(self.curl("reader", "POST", base + "/issues", {"title": "x"})[0], 403)
        self.assertEqual(self.curl("bob", "POST", base + "/issues", raw_body="{nope")[0], 400)
        self.assertEqual(self.curl("bob", "POST", base + "/issues", {"title": 5})[0], 422)
        self.assertEqual(self.curl("bob", "POST", base + "/issues", {"title": " "})[0], 422)
        self.assertEqual(self.curl("bob", "GET", base + "/issues/999")[0], 404)
        self.assertEqual(self.curl("bob", "GET", base + "/issues?state=maybe")[0], 422)

        # A confidential issue (marked in the database as the web form would) is hidden.
        public = self.project("public")
        status, secret = self.curl("alice", "POST", "/repos/%s/issues" % public,
                                   {"title": "Leak"})
        self.assertEqual(status, 201)
        with sqlite3.connect(fh.db_path(self.data)) as db:
            db.execute("UPDATE issues SET confidential = 1 WHERE id = ?", (secret["id"],))
        path = "/repos/%s/issues/%d" % (public, secret["number"])
        self.assertEqual(self.curl("eve", "GET", path)[0], 404)
        self.assertEqual(self.curl("eve", "GET", "/repos/%s/issues" % public)[1], [])
        self.assertEqual(self.curl("carol", "GET", path)[0], 200)

    def test_pushed_commit_closes_and_pull_numbers(self):
        full = self.project()
        base = "/repos/%s" % full
        status, issue = self.curl("bob", "POST", base + "/issues", {"title": "Typo in README"})
        work = self.workdir("w")
        self.git.run(["init", "-q", "-b", "main", work])
        self.git.commit(work, "Fix the typo\n\nFixes #%d" % issue["number"],
                        {"README": "hello\n"})
        self.git.run(["remote", "add", "origin", self.url(full, "bob")], cwd=work)
        self.git.run(["push", "-q", "origin", "main"], cwd=work)
        # A first push (an import) closes nothing; the next commit on main does.
        self.assertEqual(self.curl("bob", "GET", base + "/issues/%d" % issue["number"])[1]["state"],
                         "open")
        head = self.git.commit(work, "Really fix it, closes #%d" % issue["number"],
                               {"README": "hello world\n"})
        self.git.run(["push", "-q", "origin", "main"], cwd=work)
        status, closed = self.curl("bob", "GET", base + "/issues/%d" % issue["number"])
        self.assertEqual((status, closed["state"]), (200, "closed"))
        rows = fh.query(self.data, "SELECT closing_commit FROM issues WHERE id = ?",
                        (issue["id"],))
        self.assertEqual(rows[0][0], head)

        self.git.run(["checkout", "-q", "-b", "feature"], cwd=work)
        self.git.commit(work, "feature", {"f.txt": "f\n"})
        self.git.run(["push", "-q", "origin", "feature"], cwd=work)
        status, pull = self.curl("bob", "POST", base + "/pulls",
                                 {"head": "feature", "base": "main", "title": "Feature"})
        self.assertEqual(status, 201, pull)
        self.assertEqual(pull["number"], issue["number"] + 1)
        status, as_issue = self.curl("bob", "GET", base + "/issues/%d" % pull["number"])
        self.assertEqual(status, 200)
        self.assertEqual(as_issue["pull_request"]["merged"], False)
        self.assertEqual(as_issue["title"], "Feature")
