# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""The web UI over plain HTTP: sessions, CSRF, security headers, rights and raw files.

The browser suite (tests/browser) drives the pages as a person does; these tests look at
the exchange itself: cookies and their attributes, refused forms, headers on every page
type, and the statuses an outsider gets.
"""

import os
import re
import urllib.parse

import git_fixtures as gf
from test_git_http import PASSWORD, GitHttpCase

CSRF = re.compile(rb'name="csrf" value="([0-9a-f]{64})"')


class Browser:
    """Cookies and CSRF tokens of one client, over raw requests to the server."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, path, form=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        body = b""
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        resp = self.server.request(method, path, h, body)
        for value in resp.headers_named("Set-Cookie"):
            name, _, rest = value.partition("=")
            cookie_value = rest.split(";", 1)[0]
            if "Max-Age=0" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = cookie_value
        return resp

    def token(self, path):
        page = self.request("GET", path)
        found = CSRF.search(page.body)
        if not found:
            raise AssertionError("no CSRF token on %s: %r" % (path, page))
        return found.group(1).decode()

    def post(self, path, fields, token_from=None, headers=None):
        fields = dict(fields)
        fields.setdefault("csrf", self.token(token_from or path))
        return self.request("POST", path, fields, headers)

    def sign_in(self, login, password):
        page = "/explore" if "forge_session" in self.cookies else "/login"
        resp = self.post("/login", {"login": login, "password": password}, token_from=page)
        if resp.status != 303:
            raise AssertionError("sign-in of %s failed: %r" % (login, resp))
        return resp


class WebHttpTest(GitHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_user("bob")
        cls.create_user("mallory")
        cls.cli("admin", "group", "create", "town")
        cls.cli("admin", "group", "add-member", "town", "alice", "--role", "owner")
        cls.project = "town/secret"
        cls.create_project(cls.project, "private")
        cls.grant(cls.project, "bob", "read")
        work = os.path.join(cls.tmp, "work")
        os.makedirs(os.path.join(work, "docs"))
        with open(os.path.join(work, "page.html"), "w") as f:
            f.write("<script>alert(1)</script>\n")
        with open(os.path.join(work, "blob.bin"), "wb") as f:
            f.write(b"\x00\x01\x02binary")
        with open(os.path.join(work, "README.md"), "w") as f:
            f.write("# Secret\n\n[guide](docs/guide.md)\n")
        with open(os.path.join(work, "docs", "guide.md"), "w") as f:
            f.write("".join("line %d\n" % i for i in range(1, 21)))
        cls.git.run(["init", "-q", "-b", "main", work])
        cls.git.run(["add", "."], cwd=work)
        cls.git.run(["commit", "-q", "-m", "First"], cwd=work)
        cls.git.run(["checkout", "-q", "-b", "feature/x/y"], cwd=work)
        with open(os.path.join(work, "docs", "guide.md"), "a") as f:
            f.write("on a branch with slashes\n")
        cls.git.run(["commit", "-q", "-am", "Branch change"], cwd=work)
        cls.git.run(["push", "-q", gf.repo_url(cls.port, "town", "secret", "alice", PASSWORD),
                     "main", "feature/x/y"], cwd=work)
        cls.head = cls.git.out(["rev-parse", "main"], cwd=work).strip()

    def browser(self, user=None):
        b = Browser(self.server)
        if user:
            b.sign_in(user, PASSWORD)
        return b

    def pages(self):
        base = "/" + self.project
        return [base, base + "/tree/main/docs", base + "/blob/main/docs/guide.md",
                base + "/raw/main/docs/guide.md", base + "/commits/main",
                base + "/commit/" + self.head, base + "/branches", base + "/tags",
                base + "/tree/feature/x/y/docs"]

    # -- sessions

    def test_sign_in_sets_a_new_http_only_session_cookie(self):
        b = self.browser()
        first = b.sign_in("alice", PASSWORD).headers_named("Set-Cookie")
        session = [c for c in first if c.startswith("forge_session=")]
        self.assertEqual(len(session), 1, first)
        for attribute in ("HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(attribute, session[0])
        old = b.cookies["forge_session"]
        b.sign_in("alice", PASSWORD)
        self.assertNotEqual(old, b.cookies["forge_session"], "a new id at every sign-in")

    def test_sign_out_ends_the_session_on_the_server(self):
        b = self.browser("alice")
        stolen = dict(b.cookies)
        self.assertEqual(b.request("GET", "/settings/profile").status, 200)
        resp = b.post("/logout", {}, token_from="/settings/profile")
        self.assertEqual(resp.status, 303)
        replay = Browser(self.server)
        replay.cookies = stolen
        resp = replay.request("GET", "/settings/profile")
        self.assertEqual(resp.status, 303)
        self.assertTrue(resp.header("Location").startswith("/login"), resp)

    def test_wrong_password_shows_the_form_with_an_alert(self):
        b = self.browser()
        resp = b.post("/login", {"login": "alice", "password": "wrong password"})
        self.assertEqual(resp.status, 200)
        self.assertIn(b'role="alert"', resp.body)
        self.assertIn(b"Invalid username or password", resp.body)
        self.assertNotIn("forge_session", b.cookies)

    def test_next_parameter_never_leaves_the_site(self):
        for target, expected in (("//evil.example/x", "/"), ("https://evil.example", "/"),
                                 ("/\\evil.example", "/"), ("/explore?q=a", "/explore?q=a")):
            b = self.browser()
            resp = b.post("/login", {"login": "bob", "password": PASSWORD, "next": target},
                          token_from="/login")
            self.assertEqual(resp.header("Location"), expected, target)

    # -- forms

    def test_forms_without_token_or_from_another_site_are_refused(self):
        b = self.browser("alice")
        token = b.token("/groups/new")
        cases = [
            ({"name": "g1"}, {}),
            ({"name": "g2", "csrf": "0" * 64}, {}),
            ({"name": "g3", "csrf": token}, {"Origin": "https://evil.example"}),
            ({"name": "g4", "csrf": token}, {"Sec-Fetch-Site": "cross-site"}),
        ]
        for form, headers in cases:
            resp = b.request("POST", "/groups/new", form, headers)
            self.assertEqual(resp.status, 403, (form, headers))
            self.assertEqual(self.browser().request("GET", "/" + form["name"]).status, 404)
        other = self.browser("bob")
        resp = other.request("POST", "/groups/new", {"name": "g5", "csrf": token})
        self.assertEqual(resp.status, 403, "a token belongs to its session")
        resp = b.request("POST", "/groups/new", {"name": "g6", "csrf": token},
                         {"Origin": "http://127.0.0.1:%d" % self.port})
        self.assertEqual(resp.status, 303)
        self.assertEqual(resp.header("Location"), "/g6")

    def test_creating_a_project_in_a_group_one_does_not_own_is_refused(self):
        b = self.browser("bob")
        resp = b.post("/projects/new", {"owner": "town", "name": "sneaky",
                                        "visibility": "public"})
        self.assertEqual(resp.status, 422, resp)
        self.assertEqual(self.browser("alice").request("GET", "/town/sneaky").status, 404)

    # -- rights

    def test_outsiders_and_visitors_get_404_on_every_page_of_a_private_project(self):
        for who in (None, "mallory"):
            b = self.browser(who)
            for path in self.pages() + ["/%s/settings" % self.project,
                                        "/%s/settings/access" % self.project]:
                resp = b.request("GET", path)
                self.assertEqual(resp.status, 404, (who, path))
                self.assertNotIn(b"secret</a>", resp.body)
            explore = b.request("GET", "/explore")
            self.assertNotIn(b"town/secret", explore.body)

    def test_a_reader_browses_but_cannot_open_settings(self):
        b = self.browser("bob")
        for path in self.pages():
            self.assertEqual(b.request("GET", path).status, 200, path)
        self.assertEqual(b.request("GET", "/%s/settings" % self.project).status, 404)
        resp = b.post("/%s/settings/access" % self.project, {"grantee": "bob", "level": "admin"},
                      token_from="/explore")
        self.assertEqual(resp.status, 404)
        self.assertIn(b"town/secret", b.request("GET", "/explore").body)

    def test_a_grant_in_the_ui_lets_the_grantee_in(self):
        admin = self.browser("alice")
        name = self.new_name("shared")
        resp = admin.post("/projects/new", {"owner": "alice", "name": name,
                                            "visibility": "private"})
        self.assertEqual(resp.status, 303)
        mallory = self.browser("mallory")
        self.assertEqual(mallory.request("GET", "/alice/" + name).status, 404)
        resp = admin.post("/alice/%s/settings/access" % name,
                          {"grantee": "mallory", "level": "read"},
                          token_from="/alice/%s/settings/access" % name)
        self.assertEqual(resp.status, 303)
        page = mallory.request("GET", "/alice/" + name)
        self.assertEqual(page.status, 200)
        self.assertIn(b"This repository is empty", page.body)
        access = admin.request("GET", "/alice/%s/settings/access" % name)
        self.assertIn(b">mallory</a>", access.body)

    # -- pages and headers

    def test_every_page_type_sends_the_security_headers(self):
        b = self.browser("alice")
        paths = self.pages() + ["/", "/explore", "/login", "/town", "/no/such/page",
                                "/settings/tokens", "/%s/settings" % self.project]
        for path in paths:
            resp = b.request("GET", path)
            csp = resp.header("Content-Security-Policy", "")
            self.assertIn("frame-ancestors 'none'", csp, path)
            self.assertNotIn("unsafe-inline", csp, path)
            self.assertEqual(resp.header("X-Content-Type-Options"), "nosniff", path)
            self.assertTrue(resp.header("Referrer-Policy"), path)
            head = b.request("HEAD", path)
            self.assertEqual(head.status, resp.status, path)
            self.assertEqual(head.header("Content-Type"), resp.header("Content-Type"), path)
            self.assertEqual(head.body, b"")

    def test_raw_files_are_never_served_as_html(self):
        b = self.browser("alice")
        html = b.request("GET", "/%s/raw/main/page.html" % self.project)
        self.assertEqual(html.status, 200)
        self.assertEqual(html.body, b"<script>alert(1)</script>\n")
        self.assertTrue(html.header("Content-Type").startswith("text/plain"), html)
        self.assertIn("sandbox", html.header("Content-Security-Policy"))
        binary = b.request("GET", "/%s/raw/main/blob.bin" % self.project)
        self.assertEqual(binary.header("Content-Type"), "application/octet-stream")
        self.assertIn("attachment", binary.header("Content-Disposition", ""))
        self.assertEqual(binary.body, b"\x00\x01\x02binary")

    def test_blob_page_has_line_anchors_and_escapes_code(self):
        b = self.browser("alice")
        page = b.request("GET", "/%s/blob/main/docs/guide.md" % self.project).body
        self.assertIn(b'<a id="L10" href="#L10">10</a>', page)
        self.assertIn(b'<a id="L20" href="#L20">20</a>', page)
        html = b.request("GET", "/%s/blob/main/page.html" % self.project).body
        self.assertNotIn(b"<script>alert", html)
        self.assertIn(b"&lt;", html)

    def test_branch_names_with_slashes_resolve_to_the_longest_ref(self):
        b = self.browser("alice")
        page = b.request("GET", "/%s/blob/feature/x/y/docs/guide.md" % self.project)
        self.assertEqual(page.status, 200)
        self.assertIn(b"on a branch with slashes", page.body)
        self.assertEqual(
            b.request("GET", "/%s/blob/feature/x/docs/guide.md" % self.project).status, 404)

    def test_readme_links_resolve_into_the_repository(self):
        page = self.browser("alice").request("GET", "/" + self.project).body
        self.assertIn(b'href="/town/secret/blob/main/docs/guide.md"', page)
        self.assertIn(b'id="readme"', page)

    def test_german_when_the_browser_prefers_it(self):
        resp = self.browser().request("GET", "/login", headers={"Accept-Language": "de-DE,de"})
        self.assertIn(b'<html lang="de">', resp.body)
        self.assertIn(b"Anmelden", resp.body)
        resp = self.browser().request("GET", "/login", headers={"Accept-Language": "en"})
        self.assertIn(b'<html lang="en">', resp.body)
        self.assertIn(b"Sign in", resp.body)

    def test_token_created_in_the_ui_works_for_git_and_is_shown_once(self):
        b = self.browser("bob")
        resp = b.post("/settings/tokens", {"label": "laptop"})
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.header("Cache-Control"), "no-store")
        token = re.search(rb'id="new-token"[^>]*value="([^"]+)"', resp.body).group(1).decode()
        url = gf.repo_url(self.port, "town", "secret", "bob", token)
        out = self.git.out(["ls-remote", url, "refs/heads/main"])
        self.assertIn(self.head, out)
        listing = b.request("GET", "/settings/tokens").body
        self.assertIn(b"laptop", listing)
        self.assertNotIn(token.encode(), listing)
        token_id = re.search(rb'name="id" value="(\d+)"', listing).group(1).decode()
        resp = b.post("/settings/tokens/revoke", {"id": token_id}, token_from="/settings/tokens")
        self.assertEqual(resp.status, 303)
        proc = self.git.run(["ls-remote", url], check=False)
        self.assertNotEqual(proc.returncode, 0)


class WebThrottleTest(GitHttpCase):
    """On a server of its own: the failures also slow down every sign-in from 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("carol")

    def browser(self):
        return Browser(self.server)

    def test_sign_in_is_throttled_after_five_failures(self):
        b = self.browser()
        statuses = [b.post("/login", {"login": "carol", "password": "nope nope %d" % i}).status
                    for i in range(6)]
        self.assertEqual(statuses[:5], [200] * 5)
        self.assertEqual(statuses[5], 429)
        resp = b.post("/login", {"login": "carol", "password": PASSWORD})
        self.assertEqual(resp.status, 429, "the right password waits too")
