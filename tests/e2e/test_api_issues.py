# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Issues through the REST API with curl, in Gitea's paths and shapes: open, list with
filters and pages, read, edit, close and reopen, comments, labels and milestones; a pushed
commit that closes an issue; a merge request's number read as an issue; rights and
malformed requests."""

import sqlite3
import urllib.parse

import forge_harness as fh
from api_case import ApiCase


def links(header):
    """{rel: {query field: value}} of a Link header."""
    found = {}
    for part in header.split(","):
        target, _, rel = part.partition(";")
        url = target.strip()[1:-1]
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        found[rel.strip()[len('rel="'):-1]] = query
    return found


class ApiIssuesTest(ApiCase):
    def project(self, visibility="private"):
        full = "alice/" + self.new_name("issues")
        self.create_project(full, visibility)
        self.grant(full, "bob", "write")
        self.grant(full, "carol", "maintain")
        return full

    def open_issue(self, base, user="carol", **fields):
        status, issue = self.curl(user, "POST", base + "/issues", fields)
        self.assertEqual(status, 201, issue)
        return issue

    def numbers(self, user, path, headers=None):
        status, listed = self.curl(user, "GET", path, headers=headers)
        self.assertEqual(status, 200, listed)
        return [i["number"] for i in listed]

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

        issue = self.open_issue(base, title="Crash on start", body="It *crashes*",
                                labels=[label["id"]], assignees=["bob"],
                                milestone=milestone["id"], ref="refs/heads/main")
        number = issue["number"]
        self.assertEqual(issue["state"], "open")
        self.assertEqual(issue["user"]["login"], "carol")
        self.assertEqual(issue["body"], "It *crashes*")
        self.assertEqual([l["name"] for l in issue["labels"]], ["bug"])
        self.assertEqual([a["login"] for a in issue["assignees"]], ["bob"])
        self.assertEqual(issue["assignee"]["login"], "bob")
        self.assertEqual(issue["milestone"]["title"], "1.0")
        self.assertIsNone(issue["pull_request"])
        self.assertIsNone(issue["closed_at"])
        self.assertIsNone(issue["due_date"])
        self.assertFalse(issue["is_locked"])
        self.assertEqual(issue["comments"], 0)
        self.assertTrue(issue["url"].endswith("/api/v1%s/issues/%d" % (base, number)), issue)
        self.assertTrue(issue["html_url"].endswith("/%s/issues/%d" % (full, number)), issue)
        self.assertEqual(issue["repository"]["full_name"], full)
        self.assertEqual(issue["repository"]["owner"], "alice")
        # A writer's triage fields are ignored at opening, as in Gitea.
        other = self.open_issue(base, "bob", title="Slow search", labels=[label["id"]],
                                assignees=["bob"])
        self.assertEqual(other["number"], number + 1)
        self.assertEqual((other["labels"], other["assignees"], other["assignee"]), ([], [], None))

        status, got = self.curl("alice", "GET", base + "/issues/%d" % number)
        self.assertEqual((status, got["title"], got["id"]), (200, "Crash on start", issue["id"]))

        # The author edits the text, a maintainer the assignees and the milestone.
        status, edited = self.curl("bob", "PATCH", base + "/issues/%d" % other["number"],
                                   {"title": "Slow full-text search", "body": "Takes 3 s",
                                    "milestone": None})
        self.assertEqual(status, 201, edited)
        self.assertEqual((edited["title"], edited["body"]), ("Slow full-text search", "Takes 3 s"))
        status, edited = self.curl("carol", "PATCH", base + "/issues/%d" % other["number"],
                                   {"assignees": ["alice", "bob"], "milestone": milestone["id"]})
        self.assertEqual(status, 201, edited)
        self.assertEqual(sorted(a["login"] for a in edited["assignees"]), ["alice", "bob"])
        self.assertEqual(edited["milestone"]["id"], milestone["id"])
        self.assertEqual(edited["title"], "Slow full-text search")
        status, edited = self.curl("carol", "PATCH", base + "/issues/%d" % other["number"],
                                   {"milestone": 0, "assignee": "alice"})
        self.assertEqual(status, 201, edited)
        self.assertIsNone(edited["milestone"])
        self.assertEqual([a["login"] for a in edited["assignees"]], ["alice"])

        # Close and reopen; the milestone counts follow.
        status, closed = self.curl("carol", "PATCH", base + "/issues/%d" % number,
                                   {"title": "Crash on start-up", "state": "closed"})
        self.assertEqual(status, 201, closed)
        self.assertEqual((closed["title"], closed["state"]), ("Crash on start-up", "closed"))
        self.assertIsNotNone(closed["closed_at"])
        status, got = self.curl("bob", "GET", base + "/milestones/%d" % milestone["id"])
        self.assertEqual((got["open_issues"], got["closed_issues"]), (0, 1))
        self.assertEqual(self.numbers("bob", base + "/issues"), [other["number"]])
        self.assertEqual(self.numbers("bob", base + "/issues?state=closed"), [number])
        self.assertEqual(self.numbers("bob", base + "/issues?state=all"),
                         [other["number"], number])
        status, reopened = self.curl("bob", "PATCH", base + "/issues/%d" % number,
                                     {"state": "open"})
        self.assertEqual(status, 403, reopened)  # neither the author nor a maintainer
        status, reopened = self.curl("carol", "PATCH", base + "/issues/%d" % number,
                                     {"state": "open"})
        self.assertEqual((status, reopened["state"], reopened["closed_at"]), (201, "open", None))
        status, got = self.curl("bob", "GET", base + "/milestones/%d" % milestone["id"])
        self.assertEqual((got["open_issues"], got["closed_issues"]), (1, 0))
        # Opening as closed.
        done = self.open_issue(base, title="Already done", closed=True)
        self.assertEqual(done["state"], "closed")

        rows = fh.query(self.data, "SELECT action FROM audit_log WHERE action LIKE 'issue.%'")
        actions = [r[0] for r in rows]
        for action in ("issue.open", "issue.edit", "issue.assign", "issue.milestone",
                       "issue.close", "issue.reopen"):
            self.assertIn(action, actions)

    def test_filters_and_pages(self):
        full = self.project()
        base = "/repos/%s" % full
        status, bug = self.curl("carol", "POST", base + "/labels", {"name": "bug", "color": "#ff0000"})
        status, ui = self.curl("carol", "POST", base + "/labels", {"name": "ui", "color": "00ff00"})
        status, one = self.curl("carol", "POST", base + "/milestones", {"title": "One"})
        status, two = self.curl("carol", "POST", base + "/milestones", {"title": "2"})
        a = self.open_issue(base, title="Button colour wrong", labels=[bug["id"], ui["id"]],
                            assignees=["bob"], milestone=one["id"])
        b = self.open_issue(base, "bob", title="Typo in the manual", body="teh instead of the")
        c = self.open_issue(base, title="Crash when saving", labels=[bug["id"]],
                            assignees=["carol"], milestone=two["id"])
        d = self.open_issue(base, "alice", title="Dark mode", labels=[ui["id"]])
        e = self.open_issue(base, "bob", title="Export to PDF")
        status, _ = self.curl("carol", "PATCH", base + "/issues/%d" % e["number"],
                              {"state": "closed"})
        self.assertEqual(status, 201)
        status, _ = self.curl("alice", "POST", base + "/issues/%d/comments" % d["number"],
                              {"body": "Accessibility matters: contrast"})
        self.assertEqual(status, 201)
        n = lambda *issues: [i["number"] for i in issues]

        self.assertEqual(self.numbers("bob", base + "/issues"),
                         n(d, c, b, a))
        self.assertEqual(self.numbers("bob", base + "/issues?state=closed"), n(e))
        self.assertEqual(self.numbers("bob", base + "/issues?state=all&type=issues"),
                         n(e, d, c, b, a))
        self.assertEqual(self.numbers("bob", base + "/issues?type=pulls"), [])
        self.assertEqual(self.numbers("bob", base + "/issues?labels=bug"), n(c, a))
        self.assertEqual(self.numbers("bob", base + "/issues?labels=bug,ui"), n(a))
        self.assertEqual(self.numbers("bob", base + "/issues?labels=nothing"), [])
        self.assertEqual(self.numbers("bob", base + "/issues?milestones=One"), n(a))
        self.assertEqual(self.numbers("bob", base + "/issues?milestones=%d" % one["id"]), n(a))
        # A title wins over an id, as in Gitea.
        self.assertEqual(self.numbers("bob", base + "/issues?milestone=2"), n(c))
        self.assertEqual(self.numbers("bob", base + "/issues?milestones=None"), [])
        self.assertEqual(self.numbers("bob", base + "/issues?assignee=bob"), n(a))
        self.assertEqual(self.numbers("bob", base + "/issues?assigned_by=carol"), n(c))
        self.assertEqual(self.numbers("bob", base + "/issues?created_by=bob&state=all"), n(e, b))
        self.assertEqual(self.numbers("bob", base + "/issues?q=manual"), n(b))
        self.assertEqual(self.numbers("bob", base + "/issues?q=teh"), n(b))  # in the body
        self.assertEqual(self.numbers("bob", base + "/issues?q=contrast"), n(d))  # a comment
        self.assertEqual(self.numbers("bob", base + "/issues?q=crash+saving"), n(c))
        self.assertEqual(self.numbers("bob", base + "/issues?sort=oldest"), n(a, b, c, d))
        self.assertEqual(self.numbers("bob", base + "/issues?sort=mostcomment")[0], d["number"])

        headers = {}
        self.assertEqual(self.numbers("bob", base + "/issues?limit=2&page=1&labels=", headers),
                         n(d, c))
        self.assertEqual(headers["x-total-count"], "4")
        rels = links(headers["link"])
        self.assertEqual(sorted(rels), ["last", "next"])
        self.assertEqual((rels["next"]["page"], rels["next"]["limit"]), ("2", "2"))
        self.assertEqual(rels["last"]["page"], "2")
        self.assertIn("/api/v1%s/issues?" % base, headers["link"])
        headers = {}
        self.assertEqual(self.numbers("bob", base + "/issues?limit=2&page=2", headers), n(b, a))
        rels = links(headers["link"])
        self.assertEqual(sorted(rels), ["first", "prev"])
        self.assertEqual((rels["prev"]["page"], rels["first"]["page"]), ("1", "1"))
        headers = {}
        self.assertEqual(self.numbers("bob", base + "/issues?limit=3&page=2&state=all", headers),
                         n(b, a))
        self.assertEqual(headers["x-total-count"], "5")
        self.assertEqual(links(headers["link"])["prev"]["state"], "all")
        headers = {}
        self.assertEqual(self.numbers("bob", base + "/issues", headers), n(d, c, b, a))
        self.assertNotIn("link", headers)
        self.assertEqual(headers["x-total-count"], "4")

        self.assertEqual(self.curl("bob", "GET", base + "/issues?milestones=One,2")[0], 422)
        self.assertEqual(self.curl("bob", "GET", base + "/issues?type=commits")[0], 422)

    def test_labels(self):
        full = self.project()
        base = "/repos/%s" % full
        status, bug = self.curl("carol", "POST", base + "/labels",
                                {"name": "bug", "color": "#D73A4A", "description": "Broken"})
        self.assertEqual(status, 201, bug)
        self.assertEqual(bug["color"], "d73a4a")
        self.assertTrue(bug["url"].endswith("/api/v1%s/labels/%d" % (base, bug["id"])))
        status, short = self.curl("carol", "POST", base + "/labels", {"name": "docs", "color": "0af"})
        self.assertEqual((status, short["color"]), (201, "00aaff"))
        status, ui = self.curl("carol", "POST", base + "/labels", {"name": "ui", "color": "123456"})
        self.assertEqual(status, 201)
        self.assertEqual(self.curl("carol", "POST", base + "/labels",
                                   {"name": "bug", "color": "000000"})[0], 409)
        self.assertEqual(self.curl("carol", "POST", base + "/labels",
                                   {"name": "bad", "color": "red"})[0], 422)
        self.assertEqual(self.curl("carol", "POST", base + "/labels",
                                   {"name": "", "color": "000000"})[0], 422)
        self.assertEqual(self.curl("carol", "POST", base + "/labels",
                                   {"name": ["x"], "color": "000000"})[0], 422)
        self.assertEqual(self.curl("bob", "POST", base + "/labels",
                                   {"name": "mine", "color": "000000"})[0], 403)

        status, listed = self.curl("bob", "GET", base + "/labels")
        self.assertEqual([l["name"] for l in listed], ["bug", "docs", "ui"])
        status, got = self.curl("bob", "GET", base + "/labels/%d" % bug["id"])
        self.assertEqual((status, got["description"]), (200, "Broken"))
        status, edited = self.curl("carol", "PATCH", base + "/labels/%d" % bug["id"],
                                   {"color": "#00ff00"})
        self.assertEqual(status, 200, edited)
        self.assertEqual((edited["name"], edited["color"], edited["description"]),
                         ("bug", "00ff00", "Broken"))
        status, edited = self.curl("carol", "PATCH", base + "/labels/%d" % bug["id"],
                                   {"name": "defect", "description": ""})
        self.assertEqual((edited["name"], edited["color"], edited["description"]),
                         ("defect", "00ff00", ""))
        self.assertEqual(self.curl("carol", "PATCH", base + "/labels/%d" % bug["id"],
                                   {"name": "ui"})[0], 409)
        self.assertEqual(self.curl("bob", "PATCH", base + "/labels/%d" % bug["id"],
                                   {"name": "x"})[0], 403)
        self.assertEqual(self.curl("carol", "PATCH", base + "/labels/999999",
                                   {"name": "x"})[0], 404)

        # On an issue: a writer may not label, a maintainer may.
        issue = self.open_issue(base, "bob", title="Wrong link")
        labels_path = base + "/issues/%d/labels" % issue["number"]
        status, _ = self.curl("bob", "POST", labels_path, {"labels": [bug["id"]]})
        self.assertEqual(status, 403)
        self.assertEqual(self.curl("bob", "PUT", labels_path, {"labels": [bug["id"]]})[0], 403)
        self.assertEqual(self.curl("bob", "DELETE", labels_path)[0], 403)
        status, labels = self.curl("carol", "POST", labels_path, {"labels": [bug["id"]]})
        self.assertEqual((status, [l["name"] for l in labels]), (200, ["defect"]))
        status, labels = self.curl("carol", "POST", labels_path, {"labels": [ui["id"], "docs"]})
        self.assertEqual((status, [l["name"] for l in labels]), (200, ["defect", "docs", "ui"]))
        status, labels = self.curl("bob", "GET", labels_path)
        self.assertEqual((status, [l["name"] for l in labels]), (200, ["defect", "docs", "ui"]))
        self.assertEqual(self.curl("carol", "DELETE", labels_path + "/%d" % short["id"])[0], 204)
        self.assertEqual(self.curl("bob", "DELETE", labels_path + "/%d" % ui["id"])[0], 403)
        self.assertEqual(self.curl("carol", "DELETE", labels_path + "/999999")[0], 422)
        status, got = self.curl("bob", "GET", base + "/issues/%d" % issue["number"])
        self.assertEqual([l["name"] for l in got["labels"]], ["defect", "ui"])
        status, labels = self.curl("carol", "PUT", labels_path, {"labels": [short["id"]]})
        self.assertEqual((status, [l["name"] for l in labels]), (200, ["docs"]))
        self.assertEqual(self.curl("carol", "PUT", labels_path, {"labels": [999999]})[0], 422)
        self.assertEqual(self.curl("carol", "PUT", labels_path, {"labels": "docs"})[0], 422)
        self.assertEqual(self.curl("carol", "PUT", labels_path, {"labels": [1.5]})[0], 422)
        self.assertEqual(self.curl("carol", "DELETE", labels_path)[0], 204)
        self.assertEqual(self.curl("bob", "GET", labels_path)[1], [])

        self.assertEqual(self.curl("bob", "DELETE", base + "/labels/%d" % ui["id"])[0], 403)
        self.assertEqual(self.curl("carol", "DELETE", base + "/labels/%d" % ui["id"])[0], 204)
        self.assertEqual(self.curl("carol", "GET", base + "/labels/%d" % ui["id"])[0], 404)
        self.assertEqual(self.curl("carol", "DELETE", base + "/labels/%d" % ui["id"])[0], 404)
        # Another project's label is not this one's.
        other = self.project()
        self.assertEqual(self.curl("carol", "GET", "/repos/%s/labels/%d" % (other, bug["id"]))[0],
                         404)
        self.assertEqual(self.curl("eve", "GET", base + "/labels")[0], 404)

    def test_milestones(self):
        full = self.project()
        base = "/repos/%s" % full
        status, first = self.curl("carol", "POST", base + "/milestones",
                                  {"title": "Spring", "description": "Before Easter",
                                   "due_on": "2027-03-31T09:00:00+02:00"})
        self.assertEqual(status, 201, first)
        self.assertEqual((first["state"], first["due_on"], first["open_issues"],
                          first["closed_issues"]), ("open", "2027-03-31T23:59:59Z", 0, 0))
        status, second = self.curl("carol", "POST", base + "/milestones",
                                   {"title": "Old", "state": "closed"})
        self.assertEqual((status, second["state"], second["due_on"]), (201, "closed", None))
        self.assertEqual(self.curl("carol", "POST", base + "/milestones",
                                   {"title": "x", "due_on": "next week"})[0], 422)
        self.assertEqual(self.curl("carol", "POST", base + "/milestones",
                                   {"title": "x", "due_on": 20270101})[0], 422)
        self.assertEqual(self.curl("carol", "POST", base + "/milestones",
                                   {"title": "x", "state": "done"})[0], 422)
        self.assertEqual(self.curl("carol", "POST", base + "/milestones", {"title": ""})[0], 422)
        self.assertEqual(self.curl("carol", "POST", base + "/milestones",
                                   {"title": "Spring"})[0], 409)
        self.assertEqual(self.curl("bob", "POST", base + "/milestones", {"title": "Mine"})[0], 403)

        titles = lambda query: [m["title"] for m in
                                self.curl("bob", "GET", base + "/milestones" + query)[1]]
        self.assertEqual(titles(""), ["Spring"])
        self.assertEqual(titles("?state=closed"), ["Old"])
        self.assertEqual(sorted(titles("?state=all")), ["Old", "Spring"])
        self.assertEqual(titles("?state=all&name=spr"), ["Spring"])
        self.assertEqual(self.curl("bob", "GET", base + "/milestones?state=soon")[0], 422)
        status, got = self.curl("bob", "GET", base + "/milestones/Spring")
        self.assertEqual((status, got["id"]), (200, first["id"]))
        self.assertEqual(self.curl("bob", "GET", base + "/milestones/999999")[0], 404)

        a = self.open_issue(base, title="First", milestone=first["id"])
        b = self.open_issue(base, title="Second", milestone=first["id"])
        self.open_issue(base, title="Third")
        self.curl("carol", "PATCH", base + "/issues/%d" % b["number"], {"state": "closed"})
        status, got = self.curl("bob", "GET", base + "/milestones/%d" % first["id"])
        self.assertEqual((got["open_issues"], got["closed_issues"]), (1, 1))
        self.assertEqual(self.curl("bob", "PATCH", base + "/issues/%d" % a["number"],
                                   {"milestone": second["id"]})[0], 403)
        self.assertEqual(self.curl("carol", "PATCH", base + "/issues/%d" % a["number"],
                                   {"milestone": 999999})[0], 422)
        self.assertEqual(self.curl("carol", "PATCH", base + "/issues/%d" % a["number"],
                                   {"milestone": "Spring"})[0], 422)
        status, moved = self.curl("carol", "PATCH", base + "/issues/%d" % a["number"],
                                  {"milestone": second["id"]})
        self.assertEqual((status, moved["milestone"]["title"]), (201, "Old"))
        status, listed = self.curl("bob", "GET", base + "/milestones?state=all")
        counts = {m["title"]: (m["open_issues"], m["closed_issues"]) for m in listed}
        self.assertEqual(counts, {"Spring": (0, 1), "Old": (1, 0)})

        status, edited = self.curl("carol", "PATCH", base + "/milestones/%d" % first["id"],
                                   {"state": "closed", "due_on": "2027-04-30T00:00:00Z"})
        self.assertEqual(status, 200, edited)
        self.assertEqual((edited["title"], edited["description"], edited["state"],
                          edited["due_on"]),
                         ("Spring", "Before Easter", "closed", "2027-04-30T23:59:59Z"))
        status, edited = self.curl("carol", "PATCH", base + "/milestones/%d" % first["id"],
                                   {"title": "Spring 2027", "state": "open"})
        self.assertEqual((edited["title"], edited["state"], edited["due_on"]),
                         ("Spring 2027", "open", "2027-04-30T23:59:59Z"))
        self.assertEqual(self.curl("bob", "PATCH", base + "/milestones/%d" % first["id"],
                                   {"title": "x"})[0], 403)
        self.assertEqual(self.curl("carol", "PATCH", base + "/milestones/%d" % first["id"],
                                   {"state": 1})[0], 422)

        self.assertEqual(self.curl("bob", "DELETE", base + "/milestones/%d" % second["id"])[0], 403)
        self.assertEqual(self.curl("carol", "DELETE", base + "/milestones/%d" % second["id"])[0],
                         204)
        self.assertEqual(self.curl("carol", "GET", base + "/milestones/%d" % second["id"])[0], 404)
        status, got = self.curl("bob", "GET", base + "/issues/%d" % a["number"])
        self.assertIsNone(got["milestone"])
        self.assertEqual(self.curl("eve", "GET", base + "/milestones")[0], 404)

    def test_comments(self):
        full = self.project()
        base = "/repos/%s" % full
        issue = self.open_issue(base, "bob", title="Needs discussion")
        comments_path = base + "/issues/%d/comments" % issue["number"]
        status, first = self.curl("bob", "POST", comments_path, {"body": "Some details"})
        self.assertEqual(status, 201, first)
        self.assertEqual((first["user"]["login"], first["body"]), ("bob", "Some details"))
        self.assertTrue(first["issue_url"].endswith("/api/v1%s/issues/%d"
                                                    % (base, issue["number"])))
        self.assertTrue(first["html_url"].endswith("/%s/issues/%d#comment-%d"
                                                   % (full, issue["number"], first["id"])))
        status, second = self.curl("carol", "POST", comments_path, {"body": "Agreed"})
        self.assertEqual(status, 201, second)
        self.assertEqual(self.curl("bob", "POST", comments_path, {"body": ""})[0], 422)
        self.assertEqual(self.curl("bob", "POST", comments_path, {"body": 3})[0], 422)
        self.assertEqual(self.curl("eve", "POST", comments_path, {"body": "hi"})[0], 404)
        self.assertEqual(self.curl("reader", "POST", comments_path, {"body": "hi"})[0], 403)

        status, listed = self.curl("alice", "GET", comments_path)
        self.assertEqual([c["body"] for c in listed], ["Some details", "Agreed"])
        status, got = self.curl("alice", "GET", base + "/issues/%d" % issue["number"])
        self.assertEqual(got["comments"], 2)
        one = base + "/issues/comments/%d" % first["id"]
        status, got = self.curl("carol", "GET", one)
        self.assertEqual((status, got["body"], got["id"]), (200, "Some details", first["id"]))

        status, edited = self.curl("bob", "PATCH", one, {"body": "More details"})
        self.assertEqual((status, edited["body"]), (200, "More details"))
        self.assertEqual(self.curl("bob", "GET", one)[1]["body"], "More details")
        # Others' comments: only maintainers may change them.
        second_path = base + "/issues/comments/%d" % second["id"]
        self.assertEqual(self.curl("bob", "PATCH", second_path, {"body": "No"})[0], 403)
        self.assertEqual(self.curl("bob", "DELETE", second_path)[0], 403)
        self.assertEqual(self.curl("bob", "PATCH", one, {"body": None})[0], 422)
        self.assertEqual(self.curl("bob", "PATCH", one, {"body": ["x"]})[0], 422)
        self.assertEqual(self.curl("carol", "PATCH", one, {"body": "Edited by a maintainer"})[0],
                         200)

        self.assertEqual(self.curl("bob", "DELETE", one)[0], 204)
        self.assertEqual(self.curl("bob", "GET", one)[0], 404)
        self.assertEqual(self.curl("bob", "DELETE", one)[0], 404)
        self.assertEqual(self.curl("carol", "DELETE", second_path)[0], 204)
        status, got = self.curl("alice", "GET", base + "/issues/%d" % issue["number"])
        self.assertEqual(got["comments"], 0)
        self.assertEqual(self.curl("alice", "GET", comments_path)[1], [])

        # A comment is found only under its own repository, and not by outsiders.
        status, third = self.curl("bob", "POST", comments_path, {"body": "Third"})
        other = self.project()
        self.assertEqual(self.curl("carol", "GET", "/repos/%s/issues/comments/%d"
                                   % (other, third["id"]))[0], 404)
        self.assertEqual(self.curl("eve", "GET", base + "/issues/comments/%d" % third["id"])[0],
                         404)
        self.assertEqual(self.curl("bob", "GET", base + "/issues/comments/abc")[0], 404)
        rows = fh.query(self.data, "SELECT action FROM audit_log WHERE action LIKE 'issue.comment%'")
        actions = [r[0] for r in rows]
        for action in ("issue.comment", "issue.comment.edit", "issue.comment.delete"):
            self.assertIn(action, actions)

    def test_refusals(self):
        full = self.project()
        base = "/repos/%s" % full
        issue = self.open_issue(base, "bob", title="Mine")
        # Outsiders and anonymous callers see no private project.
        self.assertEqual(self.curl("eve", "GET", base + "/issues")[0], 404)
        self.assertEqual(self.curl("eve", "GET", base + "/issues/%d" % issue["number"])[0], 404)
        self.assertEqual(self.curl("eve", "POST", base + "/issues", {"title": "x"})[0], 404)
        self.assertEqual(self.curl("eve", "GET", base + "/issues/%d/comments"
                                   % issue["number"])[0], 404)
        self.assertEqual(self.curl(None, "GET", base + "/issues")[0], 404)
        self.assertEqual(self.curl(None, "GET", base + "/issues/%d" % issue["number"])[0], 404)
        self.assertEqual(self.curl(None, "GET", base + "/labels")[0], 404)
        self.assertEqual(self.curl(None, "POST", base + "/issues", {"title": "x"})[0], 401)
        # A read-only token may not write.
        self.assertEqual(self.curl("reader", "GET", base + "/issues")[0], 200)
        self.assertEqual(self.curl("reader", "POST", base + "/issues", {"title": "x"})[0], 403)
        self.assertEqual(self.curl("reader", "PATCH", base + "/issues/%d" % issue["number"],
                                   {"title": "x"})[0], 403)
        # Malformed bodies and wrong types.
        self.assertEqual(self.curl("bob", "POST", base + "/issues", raw_body="{nope")[0], 400)
        self.assertEqual(self.curl("bob", "POST", base + "/issues", raw_body="[1]")[0], 400)
        self.assertEqual(self.curl("bob", "PATCH", base + "/issues/%d" % issue["number"],
                                   raw_body="{")[0], 400)
        self.assertEqual(self.curl("bob", "POST", base + "/issues", {"title": 5})[0], 422)
        self.assertEqual(self.curl("bob", "POST", base + "/issues", {"title": " "})[0], 422)
        self.assertEqual(self.curl("bob", "POST", base + "/issues",
                                   {"title": "x", "assignees": "bob"})[0], 422)
        self.assertEqual(self.curl("bob", "POST", base + "/issues",
                                   {"title": "x", "milestone": "1.0"})[0], 422)
        self.assertEqual(self.curl("bob", "POST", base + "/issues",
                                   {"title": "x", "closed": "yes"})[0], 422)
        self.assertEqual(self.curl("carol", "POST", base + "/issues",
                                   {"title": "x", "assignees": ["nobody"]})[0], 422)
        self.assertEqual(self.curl("bob", "PATCH", base + "/issues/%d" % issue["number"],
                                   {"state": "done"})[0], 422)
        self.assertEqual(self.curl("bob", "PATCH", base + "/issues/%d" % issue["number"],
                                   {"body": 1})[0], 422)
        # A writer may not edit someone else's issue.
        theirs = self.open_issue(base, "carol", title="Theirs")
        self.assertEqual(self.curl("bob", "PATCH", base + "/issues/%d" % theirs["number"],
                                   {"title": "Mine now"})[0], 403)
        self.assertEqual(self.curl("bob", "GET", base + "/issues/999")[0], 404)
        self.assertEqual(self.curl("bob", "GET", base + "/issues/abc")[0], 404)
        self.assertEqual(self.curl("bob", "PATCH", base + "/issues/999", {"title": "x"})[0], 404)
        self.assertEqual(self.curl("bob", "GET", base + "/issues?state=maybe")[0], 422)
        # Nothing changed by the refusals.
        status, got = self.curl("bob", "GET", base + "/issues/%d" % issue["number"])
        self.assertEqual((got["title"], got["state"]), ("Mine", "open"))
        self.assertEqual(self.curl("bob", "GET", base + "/issues?state=all")[1][0]["title"],
                         "Theirs")

        # A confidential issue (marked in the database as the web form would) is hidden.
        public = self.project("public")
        self.assertEqual(self.curl(None, "GET", "/repos/%s/issues" % public)[0], 200)
        secret = self.open_issue("/repos/%s" % public, "alice", title="Leak")
        status, note = self.curl("alice", "POST", "/repos/%s/issues/%d/comments"
                                 % (public, secret["number"]), {"body": "details"})
        self.assertEqual(status, 201)
        with sqlite3.connect(fh.db_path(self.data)) as db:
            db.execute("UPDATE issues SET confidential = 1 WHERE id = ?", (secret["id"],))
        path = "/repos/%s/issues/%d" % (public, secret["number"])
        self.assertEqual(self.curl("eve", "GET", path)[0], 404)
        self.assertEqual(self.curl(None, "GET", path)[0], 404)
        self.assertEqual(self.curl("eve", "GET", path + "/comments")[0], 404)
        self.assertEqual(self.curl("eve", "GET", "/repos/%s/issues/comments/%d"
                                   % (public, note["id"]))[0], 404)
        self.assertEqual(self.curl("eve", "POST", path + "/comments", {"body": "x"})[0], 404)
        self.assertEqual(self.curl("eve", "GET", "/repos/%s/issues?state=all" % public)[1], [])
        self.assertEqual(self.curl("eve", "GET", "/repos/%s/issues?q=Leak" % public)[1], [])
        self.assertEqual(self.curl("carol", "GET", path)[0], 200)
        self.assertEqual(self.curl("alice", "GET", path)[0], 200)

    def test_pushed_commit_closes_and_pull_numbers(self):
        full = self.project()
        base = "/repos/%s" % full
        issue = self.open_issue(base, "bob", title="Typo in README")
        work = self.workdir("w")
        self.git.run(["init", "-q", "-b", "main", work])
        self.git.commit(work, "Fix the typo\n\nFixes #%d" % issue["number"],
                        {"README": "hello\n"})
        self.git.run(["remote", "add", "origin", self.url(full, "bob")], cwd=work)
        self.git.run(["push", "-q", "origin", "main"], cwd=work)
        # A first push (an import) closes nothing; the next commit on main does.
        self.assertEqual(self.curl("bob", "GET", base + "/issues/%d" % issue["number"])[1]["state"],
                         "open")
        head = self.git.commit(work, "Really fix it, fixes #%d" % issue["number"],
                               {"README": "hello world\n"})
        self.git.run(["push", "-q", "origin", "main"], cwd=work)
        status, closed = self.curl("bob", "GET", base + "/issues/%d" % issue["number"])
        self.assertEqual((status, closed["state"]), (200, "closed"))
        self.assertIsNotNone(closed["closed_at"])
        rows = fh.query(self.data, "SELECT closing_commit FROM issues WHERE id = ?",
                        (issue["id"],))
        self.assertEqual(rows[0][0], head)
        self.assertEqual(self.numbers("bob", base + "/issues?state=closed"), [issue["number"]])

        # A merge request's number answers in the issue's shape, with pull_request set.
        self.git.run(["checkout", "-q", "-b", "feature"], cwd=work)
        self.git.commit(work, "feature", {"f.txt": "f\n"})
        self.git.run(["push", "-q", "origin", "feature"], cwd=work)
        status, pull = self.curl("bob", "POST", base + "/pulls",
                                 {"head": "feature", "base": "main", "title": "Feature",
                                  "body": "Adds f"})
        self.assertEqual(status, 201, pull)
        self.assertEqual(pull["number"], issue["number"] + 1)
        status, as_issue = self.curl("bob", "GET", base + "/issues/%d" % pull["number"])
        self.assertEqual(status, 200, as_issue)
        self.assertEqual((as_issue["number"], as_issue["title"], as_issue["body"]),
                         (pull["number"], "Feature", "Adds f"))
        self.assertEqual((as_issue["state"], as_issue["user"]["login"]), ("open", "bob"))
        self.assertEqual(as_issue["pull_request"]["merged"], False)
        self.assertIsNone(as_issue["pull_request"]["merged_at"])
        self.assertTrue(as_issue["url"].endswith("/issues/%d" % pull["number"]), as_issue)
        self.assertEqual(as_issue["labels"], [])
        self.assertNotIn("head", as_issue)
        self.assertEqual(as_issue["repository"]["full_name"], full)
        self.assertEqual(self.curl("eve", "GET", base + "/issues/%d" % pull["number"])[0], 404)
        # Not listed among issues.
        self.assertEqual(self.numbers("bob", base + "/issues?state=all"), [issue["number"]])
        # Edited and commented on through the issue's endpoints, as Gitea clients do.
        status, edited = self.curl("bob", "PATCH", base + "/issues/%d" % pull["number"],
                                   {"title": "Feature f"})
        self.assertEqual((status, edited["title"]), (201, "Feature f"))
        self.assertIsNotNone(edited["pull_request"])
        status, note = self.curl("carol", "POST", base + "/issues/%d/comments" % pull["number"],
                                 {"body": "Looks fine"})
        self.assertEqual(status, 201, note)
        self.assertTrue(note["pull_request_url"])
        status, notes = self.curl("bob", "GET", base + "/issues/%d/comments" % pull["number"])
        self.assertEqual([(c["user"]["login"], c["body"]) for c in notes],
                         [("carol", "Looks fine")])

        status, merged = self.curl("carol", "POST", base + "/pulls/%d/merge" % pull["number"],
                                   {"Do": "merge"})
        self.assertEqual(status, 200, merged)
        status, as_issue = self.curl("bob", "GET", base + "/issues/%d" % pull["number"])
        self.assertEqual((as_issue["state"], as_issue["pull_request"]["merged"]), ("closed", True))
        self.assertIsNotNone(as_issue["pull_request"]["merged_at"])
        self.assertEqual(self.curl("bob", "PATCH", base + "/issues/%d" % pull["number"],
                                   {"state": "open"})[0], 412)
