# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""End-to-end tests of git over smart HTTP (DESIGN.md sections 3, 4 and 5): the real
`git` client and raw HTTP requests against a running `forge serve`.

Each test class starts one server on a temporary data directory and sets up its
users, groups and projects with `forge admin`. Tests that only read seed the
server's bare repository directly on disk (a local `git push` into
<data>/repos/<xx>/<id>.git), so that a fault in receive-pack does not hide the
state of upload-pack; everything about pushing goes through HTTP.
"""

import itertools
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
import unittest

import forge_harness as fh
import git_fixtures as gf
from forge_harness import PASSWORD, run_cli
from git_fixtures import FLUSH, DELIM, ZERO_OID, pkt

UPLOAD_ADV = "application/x-git-upload-pack-advertisement"
RECEIVE_ADV = "application/x-git-receive-pack-advertisement"
UPLOAD_REQ = "application/x-git-upload-pack-request"
RECEIVE_REQ = "application/x-git-receive-pack-request"
UPLOAD_RES = "application/x-git-upload-pack-result"
RECEIVE_RES = "application/x-git-receive-pack-result"

REALM_RE = re.compile(r'^Basic realm="[^"]*"', re.IGNORECASE)


def setUpModule():
    fh.require_binary()
    proc = subprocess.run(["git", "--version"], stdout=subprocess.PIPE, text=True, timeout=10)
    if proc.returncode != 0:
        raise RuntimeError("git client not available")


def media_type(resp):
    return (resp.header("Content-Type") or "").split(";")[0].strip().lower()


def porcelain(stdout):
    """{destination ref: (flag, summary)} from `git push --porcelain` output."""
    out = {}
    for line in stdout.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and len(parts[0]) == 1:
            src_dst = parts[1]
            dst = src_dst.split(":", 1)[1] if ":" in src_dst else src_dst
            out[dst] = (parts[0], parts[2])
    return out


ACCEPTED_FLAGS = (" ", "+", "-", "*")


class GitHttpCase(fh.ForgeTestCase):
    """One server per class, with helpers for users, projects, git and raw HTTP."""

    server_env = {}  # extra FORGE_* settings for the server of a test class

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="forge-git-e2e-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.data = os.path.join(cls.tmp, "data")
        cls.git = gf.Git(os.path.join(cls.tmp, "home"))
        cls._names = itertools.count(1)
        cls.server = fh.ForgeServer(cls.data, env=cls.server_env)
        cls.addClassCleanup(cls.server.kill)
        cls.addClassCleanup(cls.server.stop)
        cls.server.start()
        cls.port = cls.server.port

    # -- forge admin

    @classmethod
    def cli(cls, *args, input=None):
        proc = run_cli(list(args), cls.data, input=input)
        if proc.returncode != 0:
            raise AssertionError("forge %s failed:\n%s" % (" ".join(args), fh.describe(proc)))
        return proc

    @classmethod
    def create_user(cls, name, password=PASSWORD):
        cls.cli("admin", "user", "create", name, "--email", "%s@example.org" % name,
                "--password-stdin", input=password + "\n")

    @classmethod
    def create_project(cls, full_name, visibility="public"):
        cls.cli("admin", "project", "create", full_name, "--visibility", visibility)
        return cls.project_id(full_name)

    @classmethod
    def grant(cls, full_name, who, level):
        cls.cli("admin", "project", "grant", full_name, who, level)

    @classmethod
    def protect(cls, full_name, branch):
        cls.cli("admin", "project", "protect", full_name, branch)

    @classmethod
    def create_token(cls, user, label="git"):
        proc = cls.cli("admin", "token", "create", user, "--name", label)
        token = fh.last_line(proc.stdout)
        if not token or " " in token:
            raise AssertionError("no token on the last line:\n" + fh.describe(proc))
        return token

    @classmethod
    def new_name(cls, prefix):
        return "%s%d" % (prefix, next(cls._names))

    @classmethod
    def site_admin_password(cls):
        lines = [l for l in cls.server.stdout_text().splitlines() if "password" in l.lower()]
        if not lines:
            raise AssertionError("the server printed no administrator password")
        return lines[0].split()[-1]

    # -- the server's repositories

    @classmethod
    def project_id(cls, full_name):
        owner, name = full_name.split("/", 1)
        rows = fh.query(
            cls.data,
            'SELECT p.id FROM projects p LEFT JOIN users u ON p.owner_user_id = u.id '
            'LEFT JOIN "groups" g ON p.owner_group_id = g.id '
            'WHERE p.name = ? AND COALESCE(u.name, g.name) = ?', (name, owner))
        if len(rows) != 1:
            raise AssertionError("project %s: %r" % (full_name, rows))
        return rows[0][0]

    @classmethod
    def git_dir(cls, full_name):
        return gf.server_git_dir(cls.data, cls.project_id(full_name))

    @classmethod
    def seed(cls, full_name, source, refspecs=("+refs/heads/*:refs/heads/*",
                                               "+refs/tags/*:refs/tags/*")):
        """Put refs of `source` into the server's bare repository with a local push
        (not through the server)."""
        cls.git.run(["push", "-q", cls.git_dir(full_name)] + list(refspecs), cwd=source)

    @classmethod
    def server_refs(cls, full_name):
        return cls.git.refs(cls.git_dir(full_name))

    def assertServerFsck(self, full_name):
        proc = self.git.run(["--git-dir=" + self.git_dir(full_name), "fsck", "--strict",
                             "--no-progress", "--no-dangling"], check=False)
        self.assertEqual(proc.returncode, 0, "server repository not clean:\n" + gf.describe(proc))

    # -- client side

    def url(self, full_name, user=None, password=PASSWORD, suffix=".git"):
        owner, name = full_name.split("/", 1)
        if user is None:
            return gf.repo_url(self.port, owner, name, suffix=suffix)
        return gf.repo_url(self.port, owner, name, user, password, suffix=suffix)

    def workdir(self, name="w"):
        return os.path.join(fh.make_tempdir(self, prefix="forge-git-w-"), name)

    def clone(self, url, *extra, protocol=None, check=True, dest=None):
        dest = dest or self.workdir("clone")
        proc = self.git.with_protocol(protocol).run(
            ["clone", "--no-progress"] + list(extra) + [url, dest], check=False)
        if check:
            self.assertEqual(proc.returncode, 0, "clone of %s failed:\n%s" % (url, gf.describe(proc)))
        return dest, proc

    def push(self, cwd, *args, protocol=None, check=None):
        """`git push --porcelain ARGS`; returns (proc, porcelain dict). check=True asserts
        exit 0, check=False asserts a non-zero exit, None asserts nothing."""
        proc = self.git.with_protocol(protocol).run(["push", "--porcelain"] + list(args),
                                                    cwd=cwd, check=False)
        if check is True:
            self.assertEqual(proc.returncode, 0, "push failed:\n" + gf.describe(proc))
        elif check is False:
            self.assertNotEqual(proc.returncode, 0, "push should have failed:\n" + gf.describe(proc))
        return proc, porcelain(proc.stdout)

    def ls_remote(self, url, protocol=None, extra=()):
        proc, refs = self.git.with_protocol(protocol).ls_remote(url, extra=extra, check=False)
        self.assertEqual(proc.returncode, 0, "ls-remote %s failed:\n%s" % (url, gf.describe(proc)))
        return refs

    def assertAccepted(self, result, ref):
        proc, refs = result
        self.assertIn(ref, refs, "no status for %s:\n%s" % (ref, gf.describe(proc)))
        self.assertIn(refs[ref][0], ACCEPTED_FLAGS,
                      "%s should have been accepted:\n%s" % (ref, gf.describe(proc)))

    def assertRejected(self, result, ref, remote=True, mentions=None):
        """`ref` was rejected; remote=True: by the server ([remote rejected])."""
        proc, refs = result
        self.assertIn(ref, refs, "no status for %s:\n%s" % (ref, gf.describe(proc)))
        flag, summary = refs[ref]
        self.assertEqual(flag, "!", "%s should have been rejected:\n%s" % (ref, gf.describe(proc)))
        if remote:
            self.assertIn("remote rejected", summary,
                          "%s should be rejected by the server:\n%s" % (ref, gf.describe(proc)))
        if mentions:
            text = (summary + "\n" + proc.stderr).lower()
            self.assertIn(mentions.lower(), text,
                          "the rejection of %s should mention %r:\n%s"
                          % (ref, mentions, gf.describe(proc)))

    # -- raw HTTP

    def raw(self, method, path, user=None, password=PASSWORD, headers=None, body=b"",
            timeout=30):
        h = dict(headers or {})
        if user is not None:
            h["Authorization"] = gf.basic_auth(user, password)
        try:
            return self.server.request(method, path, headers=h, body=body, timeout=timeout)
        except fh.ConnectionClosed as e:
            self.fail("%s %s: the server closed the connection without a complete "
                      "response (%s)" % (method, path, e))

    def assertHealthy(self):
        self.assertIsNone(self.server.proc.poll(), "the server process exited:\n"
                          + self.server.stderr_text()[-3000:])
        self.assertEqual(self.raw("GET", "/healthz").status, 200)

    def assertChallenge(self, resp, what=""):
        self.assertEqual(resp.status, 401, "%s: expected 401, got %r" % (what, resp))
        challenge = resp.header("WWW-Authenticate") or ""
        self.assertRegex(challenge, REALM_RE, "%s: WWW-Authenticate must be Basic with a "
                         "realm: %r" % (what, resp))


def ls_refs_body(prefixes=("refs/", "HEAD")):
    body = pkt("command=ls-refs\n") + DELIM + pkt("peel\n") + pkt("symrefs\n")
    for p in prefixes:
        body += pkt("ref-prefix %s\n" % p)
    return body + FLUSH


def parse_ls_refs(body):
    """{refname: (oid, {attribute: value})} from a v2 ls-refs response."""
    packets = gf.parse_pkt_lines(body)
    if not packets or packets[-1] != "flush":
        raise AssertionError("ls-refs response does not end with a flush packet: %r" % body[:300])
    refs = {}
    for p in packets[:-1]:
        if not isinstance(p, bytes):
            raise AssertionError("unexpected packet %r in ls-refs response" % (p,))
        words = p.decode("utf-8").rstrip("\n").split(" ")
        attrs = dict(w.split(":", 1) for w in words[2:] if ":" in w)
        refs[words[1]] = (words[0], attrs)
    return refs


class AdvertisementTest(GitHttpCase):
    """GET info/refs and the v2 capability advertisement, seen on the wire."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_user("carol")
        cls.create_project("alice/adv", "public")
        cls.grant("alice/adv", "carol", "write")
        cls.create_project("alice/blank", "public")
        cls.grant("alice/blank", "carol", "write")
        cls.rich = gf.RichRepo(cls.git, os.path.join(cls.tmp, "rich"))
        cls.seed("alice/adv", cls.rich.path)

    def expected_upload_refs(self):
        return self.rich.expected_ls_remote()

    def get_refs(self, path, service, user=None, headers=None, method="GET"):
        return self.raw(method, "%s/info/refs?service=%s" % (path, service), user=user,
                        headers=headers)

    def assertAdvertisementHeaders(self, resp, content_type):
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(media_type(resp), content_type, resp)
        cache = (resp.header("Cache-Control") or "").lower()
        self.assertIn("no-cache", cache, "the advertisement must not be cached: %r" % resp)

    def test_upload_pack_advertisement_v0(self):
        resp = self.get_refs("/alice/adv.git", "git-upload-pack")
        self.assertAdvertisementHeaders(resp, UPLOAD_ADV)
        service, refs, caps = gf.parse_advertisement(resp.body)
        self.assertEqual(service, "# service=git-upload-pack")
        self.assertEqual(refs, self.expected_upload_refs())
        self.assertTrue(resp.body.endswith(FLUSH), resp.body[-40:])
        for cap in ("symref=HEAD:refs/heads/main", "side-band-64k", "ofs-delta", "shallow"):
            self.assertIn(cap, caps, "capability %s missing: %r" % (cap, sorted(caps)))
        first_ref = gf.parse_pkt_lines(resp.body)[2].split(b"\0")[0]
        self.assertTrue(first_ref.endswith(b" HEAD"), "HEAD must come first: %r" % first_ref)

    def test_advertisement_without_dot_git(self):
        with_suffix = self.get_refs("/alice/adv.git", "git-upload-pack")
        without = self.get_refs("/alice/adv", "git-upload-pack")
        self.assertAdvertisementHeaders(without, UPLOAD_ADV)
        self.assertEqual(gf.parse_advertisement(without.body)[1],
                         gf.parse_advertisement(with_suffix.body)[1])

    def test_head_request_has_the_same_headers(self):
        get = self.get_refs("/alice/adv.git", "git-upload-pack")
        head = self.get_refs("/alice/adv.git", "git-upload-pack", method="HEAD")
        self.assertEqual(head.status, 200, head)
        self.assertEqual(media_type(head), UPLOAD_ADV, head)
        self.assertEqual(head.header("Cache-Control"), get.header("Cache-Control"))

    def test_receive_pack_advertisement(self):
        resp = self.get_refs("/alice/adv.git", "git-receive-pack", user="carol")
        self.assertAdvertisementHeaders(resp, RECEIVE_ADV)
        service, refs, caps = gf.parse_advertisement(resp.body)
        self.assertEqual(service, "# service=git-receive-pack")
        self.assertEqual(refs, self.rich.expected_refs(),
                         "receive-pack advertises the refs, without HEAD and peeled tags")
        for cap in ("report-status", "delete-refs", "atomic", "ofs-delta", "push-options",
                    "side-band-64k"):
            self.assertIn(cap, caps, "capability %s missing: %r" % (cap, sorted(caps)))

    def test_empty_repository_advertisements(self):
        for service, ctype in (("git-upload-pack", UPLOAD_ADV), ("git-receive-pack", RECEIVE_ADV)):
            with self.subTest(service=service):
                resp = self.get_refs("/alice/blank.git", service, user="carol")
                self.assertAdvertisementHeaders(resp, ctype)
                _service, refs, caps = gf.parse_advertisement(resp.body)
                # An empty repository advertises no ref (receive-pack: only its
                # capabilities, on a "capabilities^{}" line).
                refs.pop("capabilities^{}", None)
                self.assertEqual(refs, {}, resp.body)
                if service == "git-receive-pack":
                    self.assertIn("report-status", caps, resp.body)

    def test_v2_capability_advertisement(self):
        resp = self.get_refs("/alice/adv.git", "git-upload-pack",
                             headers={"Git-Protocol": "version=2"})
        self.assertAdvertisementHeaders(resp, UPLOAD_ADV)
        packets = gf.parse_pkt_lines(resp.body)
        if packets and packets[0] == b"# service=git-upload-pack\n":
            self.assertEqual(packets[1], "flush")
            packets = packets[2:]
        self.assertEqual(packets[0], b"version 2\n", resp.body[:200])
        self.assertEqual(packets[-1], "flush")
        caps = {p.decode().rstrip("\n").split("=", 1)[0]: p.decode().rstrip("\n")
                for p in packets[1:-1]}
        self.assertIn("ls-refs", caps, caps)
        self.assertIn("fetch", caps, caps)
        fetch_features = caps["fetch"].partition("=")[2].split()
        self.assertIn("shallow", fetch_features, caps["fetch"])
        self.assertIn("filter", fetch_features, caps["fetch"])
        # No ref is advertised in v2.
        self.assertNotIn(self.rich.c3.encode(), resp.body)

    def test_v2_ls_refs(self):
        for gzipped in (False, True):
            with self.subTest(gzip=gzipped):
                body = ls_refs_body()
                headers = {"Git-Protocol": "version=2", "Content-Type": UPLOAD_REQ,
                           "Accept": UPLOAD_RES}
                if gzipped:
                    body = gf.gzip_bytes(body)
                    headers["Content-Encoding"] = "gzip"
                resp = self.raw("POST", "/alice/adv.git/git-upload-pack", headers=headers,
                                body=body)
                self.assertEqual(resp.status, 200, resp)
                self.assertEqual(media_type(resp), UPLOAD_RES, resp)
                refs = parse_ls_refs(resp.body)
                r = self.rich
                self.assertEqual(refs["HEAD"][0], r.c3)
                self.assertEqual(refs["HEAD"][1].get("symref-target"), "refs/heads/main")
                self.assertEqual(refs["refs/tags/v1.0"], (r.tag_object, {"peeled": r.c1}))
                self.assertEqual({k: v[0] for k, v in refs.items()},
                                 dict(r.expected_refs(), HEAD=r.c3))

    def test_ls_remote_v0_and_v2(self):
        for protocol in (0, 2):
            for suffix in (".git", ""):
                with self.subTest(protocol=protocol, suffix=suffix):
                    url = self.url("alice/adv", suffix=suffix)
                    self.assertEqual(self.ls_remote(url, protocol), self.expected_upload_refs())
                    proc = self.git.with_protocol(protocol).run(
                        ["ls-remote", "--symref", url, "HEAD"])
                    self.assertEqual(gf.symrefs_of_ls_remote(proc.stdout),
                                     {"HEAD": "refs/heads/main"}, proc.stdout)

    def test_unknown_service_and_wrong_method(self):
        for path, method in (("/alice/adv.git/info/refs?service=git-frobnicate", "GET"),
                             ("/alice/adv.git/git-upload-pack", "GET"),
                             ("/alice/adv.git/git-frobnicate-pack", "POST")):
            with self.subTest(path=path, method=method):
                resp = self.raw(method, path, user="carol")
                self.assertTrue(400 <= resp.status < 500, "expected 4xx: %r" % resp)
        self.assertHealthy()


def pack_object_count(git, pack_idx):
    with open(pack_idx, "rb") as f:
        proc = subprocess.run(["git", "show-index"], stdin=f, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=gf.GIT_TIMEOUT,
                              env=gf.git_env(git.home))
    if proc.returncode != 0:
        raise AssertionError("git show-index %s failed: %r" % (pack_idx, proc.stderr))
    return len([l for l in proc.stdout.splitlines() if l.strip()])


class CloneFetchTest(GitHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_project("alice/rich", "public")
        cls.create_project("alice/secret", "private")
        cls.create_project("alice/empty", "public")
        cls.rich = gf.RichRepo(cls.git, os.path.join(cls.tmp, "rich"))
        cls.seed("alice/rich", cls.rich.path)
        cls.seed("alice/secret", cls.rich.path)

    def assertRichClone(self, dest):
        g, r = self.git, self.rich
        refs = g.refs(dest)
        self.assertEqual(refs.get("refs/heads/main"), r.c3, refs)
        self.assertEqual(refs.get("refs/remotes/origin/main"), r.c3, refs)
        self.assertEqual(refs.get("refs/remotes/origin/feature"), r.f1, refs)
        self.assertEqual(refs.get("refs/tags/v1.0"), r.tag_object, refs)
        self.assertEqual(refs.get("refs/tags/light"), r.c2, refs)
        self.assertEqual(g.out(["symbolic-ref", "HEAD"], cwd=dest), "refs/heads/main")
        self.assertEqual(g.out(["symbolic-ref", "refs/remotes/origin/HEAD"], cwd=dest),
                         "refs/remotes/origin/main")
        self.assertEqual(g.out(["cat-file", "-t", "v1.0"], cwd=dest), "tag")
        # Trees, modes and names are those of the source, in every commit.
        for rev, src_rev in (("main", "main"), ("v1.0", "v1.0"), ("origin/feature", "feature")):
            self.assertEqual(gf.tree_listing(g, dest, rev), gf.tree_listing(g, r.path, src_rev))
        modes = {e[3]: e[0] for e in gf.tree_listing(g, dest)}
        self.assertEqual(modes["link"], "120000")
        self.assertEqual(modes["run.sh"], "100755")
        self.assertEqual(modes["bin.dat"], "100644")
        self.assertEqual(modes[gf.NON_ASCII_NAME], "100644")
        # The work tree.
        with open(os.path.join(dest, "bin.dat"), "rb") as f:
            self.assertEqual(f.read(), gf.BINARY_CONTENT)
        with open(os.path.join(dest, gf.NON_ASCII_NAME), "rb") as f:
            self.assertEqual(f.read(), gf.NON_ASCII_CONTENT.encode("utf-8"))
        self.assertTrue(os.path.islink(os.path.join(dest, "link")))
        self.assertEqual(os.readlink(os.path.join(dest, "link")), "README.md")
        self.assertTrue(os.access(os.path.join(dest, "run.sh"), os.X_OK))
        self.assertEqual(g.out(["status", "--porcelain"], cwd=dest), "")
        proc = g.fsck(dest)
        self.assertEqual(proc.stdout.strip(), "", proc.stdout)

    def test_clone_v0(self):
        dest, _ = self.clone(self.url("alice/rich"), protocol=0)
        self.assertRichClone(dest)

    def test_clone_v2(self):
        dest, _ = self.clone(self.url("alice/rich"), protocol=2)
        self.assertRichClone(dest)

    def test_clone_without_dot_git(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                dest, _ = self.clone(self.url("alice/rich", suffix=""), protocol=protocol)
                self.assertRichClone(dest)

    def test_clone_private_with_password(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                dest, _ = self.clone(self.url("alice/secret", "alice"), protocol=protocol)
                self.assertRichClone(dest)

    def test_clone_empty_repository(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                dest, proc = self.clone(self.url("alice/empty"), protocol=protocol)
                self.assertIn("You appear to have cloned an empty repository", proc.stderr)
                self.assertEqual(self.git.refs(dest), {})
                self.assertEqual(self.git.out(["symbolic-ref", "HEAD"], cwd=dest),
                                 "refs/heads/main")

    def test_incremental_and_noop_fetch(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                project = "alice/" + self.new_name("inc")
                self.create_project(project, "public")
                src = self.workdir("src")
                first = gf.linear_history(self.git, src, 20)
                self.seed(project, src)
                g = self.git.with_protocol(protocol)
                dest, _ = self.clone(self.url(project), protocol=protocol)
                self.assertEqual(g.rev(dest, "origin/main"), first[-1])

                more = gf.linear_history(self.git, src, 10, prefix="d",
                                         start=gf.BASE_EPOCH + 100 * gf.DAY)
                self.git.run(["tag", "-a", "v2", "-m", "v2"], cwd=src, env=gf.dates(gf.BASE_EPOCH))
                self.git.run(["tag", "lw2", first[5]], cwd=src)
                self.seed(project, src)
                packs_before = set(gf.pack_listing(os.path.join(dest, ".git")))
                proc = g.run(["-c", "fetch.unpackLimit=1", "fetch", "--no-progress", "origin"],
                             cwd=dest)
                self.assertEqual(g.rev(dest, "origin/main"), more[-1], proc.stderr)
                self.assertEqual(g.rev(dest, "refs/tags/v2"),
                                 self.git.rev(src, "refs/tags/v2"))
                self.assertEqual(g.rev(dest, "refs/tags/lw2"), first[5])
                new_packs = [p for p in gf.pack_listing(os.path.join(dest, ".git"))
                             if p not in packs_before and p.endswith(".idx")]
                self.assertEqual(len(new_packs), 1, new_packs)
                # 10 commits, 10 trees, 20 blobs and a tag are new; the other 60 objects
                # the client has must not be sent again.
                sent = pack_object_count(self.git, os.path.join(dest, ".git", "objects", "pack",
                                                                new_packs[0]))
                self.assertLessEqual(sent, 45, "fetch sent %d objects: no incremental pack" % sent)
                self.assertGreaterEqual(sent, 41)
                self.assertEqual(g.fsck(dest).stdout.strip(), "")

                # Nothing changed: a no-op fetch succeeds and transfers nothing.
                packs = gf.pack_listing(os.path.join(dest, ".git"))
                refs = g.refs(dest)
                proc = g.run(["-c", "fetch.unpackLimit=1", "fetch", "-v", "--no-progress",
                              "origin"], cwd=dest)
                self.assertEqual(gf.pack_listing(os.path.join(dest, ".git")), packs)
                self.assertEqual(g.refs(dest), refs)
                self.assertIn("[up to date]", proc.stderr)
                self.assertNotRegex(proc.stderr, r"\.\.|\[new ", proc.stderr)

    def test_fetch_with_many_haves_uses_gzip(self):
        # A client with many commits the server lacks sends a long negotiation, which
        # git compresses (Content-Encoding: gzip).
        project = "alice/" + self.new_name("haves")
        self.create_project(project, "public")
        src = self.workdir("src")
        base = gf.linear_history(self.git, src, 3)
        self.seed(project, src)
        dest, _ = self.clone(self.url(project), protocol=2)
        gf.fast_history(self.git, dest, 80, "refs/heads/local", base[-1],
                        start=gf.BASE_EPOCH + 200 * gf.DAY)
        more = gf.linear_history(self.git, src, 2, prefix="up", start=gf.BASE_EPOCH + 50 * gf.DAY)
        self.seed(project, src)
        trace = os.path.join(self.workdir("t"), "curl.trace")
        os.makedirs(os.path.dirname(trace), exist_ok=True)
        self.git.with_protocol(2).run(["fetch", "--no-progress", "origin"], cwd=dest,
                                      env={"GIT_TRACE_CURL": trace,
                                           "GIT_TRACE_CURL_NO_DATA": "1"})
        self.assertEqual(self.git.rev(dest, "origin/main"), more[-1])
        with open(trace, encoding="utf-8", errors="replace") as f:
            self.assertIn("Content-Encoding: gzip", f.read(),
                          "test precondition: git should have sent a gzip request")
        self.assertEqual(self.git.fsck(dest).stdout.strip(), "")

    def test_fetch_forced_update_and_deleted_branch(self):
        project = "alice/" + self.new_name("force")
        self.create_project(project, "public")
        src = self.workdir("src")
        c = gf.linear_history(self.git, src, 4)
        self.git.run(["branch", "topic", c[2]], cwd=src)
        self.git.run(["branch", "gone", c[1]], cwd=src)
        self.seed(project, src)
        dest, _ = self.clone(self.url(project))
        # Rewrite topic, delete gone, on the server.
        self.git.run(["branch", "-f", "topic", c[0]], cwd=src)
        self.seed(project, src, ["+refs/heads/topic:refs/heads/topic", ":refs/heads/gone"])
        proc = self.git.run(["fetch", "--prune", "--no-progress", "origin"], cwd=dest)
        self.assertIn("forced update", proc.stderr)
        refs = self.git.refs(dest)
        self.assertEqual(refs["refs/remotes/origin/topic"], c[0])
        self.assertNotIn("refs/remotes/origin/gone", refs)


class ShallowPartialTest(GitHttpCase):
    """Shallow clones and fetches, compared with what `git upload-pack` itself gives for
    the same request over file://, and partial clone with a blob filter."""

    N = 12

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_project("alice/hist", "public")
        cls.src = os.path.join(cls.tmp, "hist")
        cls.commits = gf.linear_history(cls.git, cls.src, cls.N)
        cls.git.run(["branch", "side", cls.commits[3]], cwd=cls.src)
        cls.git.run(["tag", "-a", "t5", "-m", "t5", cls.commits[4]], cwd=cls.src,
                    env=gf.dates(gf.BASE_EPOCH))
        cls.seed("alice/hist", cls.src)

    def reference_url(self):
        return "file://" + self.src

    def history(self, dest, rev="HEAD"):
        return self.git.out(["rev-list", rev], cwd=dest).split()

    def shallow_file(self, dest):
        path = os.path.join(dest, ".git", "shallow")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return sorted(f.read().split())

    def assertSameAsReference(self, args, protocol, then=()):
        """Clone with `args`, run the `then` fetches, over HTTP and over file://; both
        must end with the same history and the same shallow boundary."""
        results = []
        for url in (self.url("alice/hist"), self.reference_url()):
            dest, _ = self.clone(url, *args, protocol=protocol)
            for fetch_args in then:
                self.git.with_protocol(protocol).run(["fetch", "--no-progress"] + list(fetch_args),
                                                     cwd=dest)
            results.append((dest, self.history(dest), self.shallow_file(dest)))
        (dest, history, shallow), (_, ref_history, ref_shallow) = results
        self.assertEqual(history, ref_history, "history differs from git upload-pack's")
        self.assertEqual(shallow, ref_shallow, "shallow boundary differs from git upload-pack's")
        return dest, history, shallow

    def test_depth_1(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                dest, history, shallow = self.assertSameAsReference(["--depth", "1"], protocol)
                self.assertEqual(history, [self.commits[-1]])
                self.assertEqual(shallow, [self.commits[-1]])
                self.assertEqual(self.git.out(["rev-parse", "--is-shallow-repository"], cwd=dest),
                                 "true")
                with open(os.path.join(dest, "file-1.txt")) as f:
                    self.assertEqual(f.read(), "c 1\n" * 2)
                self.git.fsck(dest)

    def test_deepen(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                dest, history, shallow = self.assertSameAsReference(
                    ["--depth", "1"], protocol, then=[["--deepen=3", "origin"]])
                self.assertEqual(history, self.commits[-4:][::-1])
                self.assertEqual(shallow, [self.commits[-4]])

    def test_fetch_depth_again_and_unshallow(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                dest, history, shallow = self.assertSameAsReference(
                    ["--depth", "2"], protocol, then=[["--depth", "5", "origin"]])
                self.assertEqual(len(history), 5)
                self.git.with_protocol(protocol).run(["fetch", "--no-progress", "--unshallow",
                                                      "origin"], cwd=dest)
                self.assertEqual(self.history(dest), self.commits[::-1])
                self.assertEqual(self.shallow_file(dest), [])
                self.assertEqual(self.git.out(["rev-parse", "--is-shallow-repository"], cwd=dest),
                                 "false")
                self.assertEqual(self.git.fsck(dest).stdout.strip(), "")

    def test_shallow_since(self):
        # Commit i is dated BASE + (i-1) days; since day 7 keeps commits 8..12.
        since = time.strftime("%Y-%m-%d %H:%M:%S +0000",
                              time.gmtime(gf.BASE_EPOCH + 7 * gf.DAY))
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                dest, history, shallow = self.assertSameAsReference(
                    ["--shallow-since", since], protocol)
                self.assertEqual(history, self.commits[7:][::-1])
                self.assertEqual(shallow, [self.commits[7]])

    def test_shallow_clone_of_branch_and_tags(self):
        dest, history, shallow = self.assertSameAsReference(
            ["--depth", "1", "--no-single-branch"], 2, then=[["--tags", "origin"]])
        refs = self.git.refs(dest)
        self.assertEqual(refs["refs/remotes/origin/side"], self.commits[3])
        self.assertEqual(self.git.rev(dest, "t5^{commit}"), self.commits[4])

    def test_partial_clone_blob_none(self):
        # git's default protocol (v2); lazy fetches of single blobs need it.
        for protocol in (2,):
            with self.subTest(protocol=protocol):
                dest, proc = self.clone(self.url("alice/hist"), "--filter=blob:none",
                                        protocol=protocol)
                self.assertNotIn("filtering not recognized", proc.stderr)
                g = self.git.with_protocol(protocol)
                self.assertEqual(g.out(["config", "remote.origin.promisor"], cwd=dest), "true")
                self.assertEqual(g.out(["config", "remote.origin.partialclonefilter"], cwd=dest),
                                 "blob:none")
                self.assertEqual(self.history(dest), self.commits[::-1])
                missing = [l[1:] for l in g.out(["rev-list", "--objects", "--all",
                                                 "--missing=print"], cwd=dest).splitlines()
                           if l.startswith("?")]
                # The older versions of log.txt (and the blobs only on other refs'
                # trees) were not sent.
                self.assertGreaterEqual(len(missing), self.N - 1, "no blob was filtered out")
                old_blob = g.out(["rev-parse", "%s:log.txt" % self.commits[0]], cwd=dest)
                self.assertIn(old_blob, missing)
                # Reading an old blob fetches it on demand.
                content = g.out(["cat-file", "-p", old_blob], cwd=dest)
                self.assertEqual(content, "last change: c1")
                g.run(["log", "-p", "--no-color"], cwd=dest)
                still_missing = [l for l in g.out(["rev-list", "--objects", "HEAD",
                                                   "--missing=print"], cwd=dest).splitlines()
                                 if l.startswith("?")]
                self.assertEqual(still_missing, [])
                g.fsck(dest)


# ---------------------------------------------------------------------------
# Raw receive-pack requests


def receive_pack_body(commands, pack=b"", caps="report-status", flush=True):
    """A git-receive-pack request: commands [(old, new, ref)], capabilities on the first."""
    body = b""
    for i, (old, new, ref) in enumerate(commands):
        line = "%s %s %s" % (old, new, ref)
        if i == 0:
            line += "\0" + caps
        body += pkt(line + "\n")
    return body + (FLUSH if flush else b"") + pack


def parse_report_status(body):
    """(unpack status, {ref: 'ok' | 'ng <reason>'}) from a report-status response
    (without side-band)."""
    unpack = None
    refs = {}
    for p in gf.parse_pkt_lines(body):
        if not isinstance(p, bytes):
            continue
        line = p.decode("utf-8", "replace").rstrip("\n")
        if line.startswith("unpack "):
            unpack = line[len("unpack "):]
        elif line.startswith("ok "):
            refs[line[3:]] = "ok"
        elif line.startswith("ng "):
            ref, _, reason = line[3:].partition(" ")
            refs[ref] = "ng " + reason
    return unpack, refs


def make_pack(git, cwd, revs):
    """A pack (bytes) of the objects `git rev-list --objects REVS` lists."""
    proc = git.run(["pack-objects", "--stdout", "--revs", "-q"], cwd=cwd,
                   input=("\n".join(revs) + "\n").encode(), binary=True)
    return proc.stdout


class PushTest(GitHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_user("carol")

    def new_project(self, prefix="push", protect=()):
        project = "alice/" + self.new_name(prefix)
        self.create_project(project, "private")
        self.grant(project, "carol", "write")
        for branch in protect:
            self.protect(project, branch)
        return project

    def local_copy(self, src, project, user="carol"):
        """A clone of `src` (over file://) whose origin is the project on the server."""
        dest = self.workdir("local")
        self.git.run(["clone", "-q", "--no-local", src, dest])
        self.git.run(["remote", "set-url", "origin", self.url(project, user)], cwd=dest)
        return dest

    def test_first_push_to_empty_repository(self):
        project = self.new_project()
        dest, proc = self.clone(self.url(project, "carol"))
        self.assertIn("empty repository", proc.stderr)
        c1 = self.git.commit(dest, "first", {"a.txt": "a\n"})
        result = self.push(dest, "origin", "main", check=True)
        self.assertAccepted(result, "refs/heads/main")
        self.assertEqual(result[1]["refs/heads/main"][0], "*")
        proc = self.git.run(["ls-remote", "--symref", self.url(project, "carol")])
        self.assertEqual(gf.symrefs_of_ls_remote(proc.stdout), {"HEAD": "refs/heads/main"})
        self.assertEqual(gf.parse_ls_remote(proc.stdout),
                         {"HEAD": c1, "refs/heads/main": c1})
        self.assertEqual(self.git.out(["--git-dir=" + self.git_dir(project), "symbolic-ref",
                                       "HEAD"]), "refs/heads/main")
        again, proc = self.clone(self.url(project, "carol"))
        self.assertNotIn("warning", proc.stderr.lower())
        self.assertEqual(self.git.rev(again, "HEAD"), c1)

    def test_push_everything_and_clone_back(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                project = self.new_project()
                rich = gf.RichRepo(self.git, self.workdir("rich"))
                self.git.run(["remote", "add", "origin", self.url(project, "carol")],
                             cwd=rich.path)
                result = self.push(rich.path, "origin", "refs/heads/*:refs/heads/*",
                                   "refs/tags/*:refs/tags/*", protocol=protocol, check=True)
                for ref in rich.expected_refs():
                    self.assertAccepted(result, ref)
                self.assertEqual(self.server_refs(project), rich.expected_refs())
                self.assertServerFsck(project)
                gd = self.git_dir(project)
                self.assertEqual(self.git.out(["--git-dir=" + gd, "cat-file", "-t", "v1.0"]),
                                 "tag")
                dest, _ = self.clone(self.url(project, "carol"), protocol=protocol)
                for rev, src_rev in (("main", "main"), ("v1.0", "v1.0"),
                                     ("origin/feature", "feature")):
                    self.assertEqual(gf.tree_listing(self.git, dest, rev),
                                     gf.tree_listing(self.git, rich.path, src_rev))
                with open(os.path.join(dest, gf.NON_ASCII_NAME), "rb") as f:
                    self.assertEqual(f.read(), gf.NON_ASCII_CONTENT.encode())
                self.assertEqual(os.readlink(os.path.join(dest, "link")), "README.md")
                self.assertTrue(os.access(os.path.join(dest, "run.sh"), os.X_OK))

    def test_push_without_dot_git(self):
        project = self.new_project()
        src = self.workdir("src")
        c = gf.linear_history(self.git, src, 2)
        self.git.run(["remote", "add", "origin", self.url(project, "carol", suffix="")], cwd=src)
        self.assertAccepted(self.push(src, "origin", "main", check=True), "refs/heads/main")
        self.assertEqual(self.server_refs(project), {"refs/heads/main": c[-1]})

    def test_incremental_push(self):
        project = self.new_project()
        src = self.workdir("src")
        gf.linear_history(self.git, src, 5)
        self.seed(project, src)
        local = self.local_copy(src, project)
        c = gf.linear_history(self.git, local, 3, prefix="n", start=gf.BASE_EPOCH + 30 * gf.DAY)
        self.assertAccepted(self.push(local, "origin", "main", check=True), "refs/heads/main")
        self.assertEqual(self.server_refs(project)["refs/heads/main"], c[-1])
        self.assertServerFsck(project)

    def test_non_fast_forward_rejected_then_force(self):
        project = self.new_project()
        src = self.workdir("src")
        c = gf.linear_history(self.git, src, 3)
        self.seed(project, src)
        local = self.local_copy(src, project)
        self.git.run(["reset", "-q", "--hard", c[1]], cwd=local)
        x = self.git.commit(local, "diverged", {"x.txt": "x\n"}, epoch=gf.BASE_EPOCH + 99)
        result = self.push(local, "origin", "main", check=False)
        self.assertRejected(result, "refs/heads/main", remote=False)
        self.assertIn("non-fast-forward", result[1]["refs/heads/main"][1])
        self.assertEqual(self.server_refs(project)["refs/heads/main"], c[2])
        result = self.push(local, "--force", "origin", "main", check=True)
        self.assertEqual(result[1]["refs/heads/main"][0], "+", result)
        self.assertEqual(self.server_refs(project)["refs/heads/main"], x)
        self.assertEqual(self.ls_remote(self.url(project, "carol"))["refs/heads/main"], x)
        self.assertServerFsck(project)

    def test_delete_refs(self):
        project = self.new_project()
        src = self.workdir("src")
        c = gf.linear_history(self.git, src, 3)
        self.git.run(["branch", "topic", c[0]], cwd=src)
        self.git.run(["tag", "light", c[1]], cwd=src)
        self.git.run(["tag", "-a", "heavy", "-m", "heavy", c[1]], cwd=src,
                     env=gf.dates(gf.BASE_EPOCH))
        self.seed(project, src)
        local = self.local_copy(src, project)
        result = self.push(local, "origin", ":topic", check=True)
        self.assertEqual(result[1]["refs/heads/topic"][0], "-", result)
        result = self.push(local, "origin", "--delete", "refs/tags/light", "refs/tags/heavy",
                           check=True)
        self.assertEqual(result[1]["refs/tags/light"][0], "-", result)
        self.assertEqual(result[1]["refs/tags/heavy"][0], "-", result)
        self.assertEqual(self.server_refs(project), {"refs/heads/main": c[2]})
        self.assertEqual(self.ls_remote(self.url(project, "carol")),
                         {"HEAD": c[2], "refs/heads/main": c[2]})

    def test_atomic_push_with_a_rejected_ref_changes_nothing(self):
        project = self.new_project(protect=["release"])
        src = self.workdir("src")
        c = gf.linear_history(self.git, src, 2)
        self.git.run(["branch", "release"], cwd=src)
        self.seed(project, src)
        before = self.server_refs(project)
        local = self.local_copy(src, project)
        m = self.git.commit(local, "on main", {"m.txt": "m\n"})
        self.git.run(["checkout", "-q", "-b", "release", "origin/release"], cwd=local)
        self.git.commit(local, "on release", {"r.txt": "r\n"})
        result = self.push(local, "--atomic", "origin", "main", "release", check=False)
        self.assertRejected(result, "refs/heads/release", mentions="protected")
        self.assertRejected(result, "refs/heads/main")
        self.assertEqual(self.server_refs(project), before)
        # Without --atomic the other ref goes through.
        result = self.push(local, "origin", "main", "release", check=False)
        self.assertRejected(result, "refs/heads/release")
        self.assertAccepted(result, "refs/heads/main")
        self.assertEqual(self.server_refs(project),
                         dict(before, **{"refs/heads/main": m}))

    def test_atomic_raw_compare_and_swap(self):
        project = self.new_project()
        src = self.workdir("src")
        c = gf.linear_history(self.git, src, 3)
        self.seed(project, src)
        x = self.git.commit(src, "next", {"next.txt": "n\n"}, epoch=gf.BASE_EPOCH + 50 * gf.DAY)
        pack = make_pack(self.git, src, [x, "^" + c[2]])
        path = "/%s.git/git-receive-pack" % project
        headers = {"Content-Type": RECEIVE_REQ, "Accept": RECEIVE_RES}
        # main's old value is stale (c1, not c3): with atomic, the new branch is not
        # created either.
        commands = [(ZERO_OID, x, "refs/heads/new1"), (c[0], x, "refs/heads/main")]
        resp = self.raw("POST", path, "carol", headers=headers,
                        body=receive_pack_body(commands, pack, "report-status atomic"))
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(media_type(resp), RECEIVE_RES, resp)
        unpack, refs = parse_report_status(resp.body)
        self.assertEqual(unpack, "ok", resp.body)
        self.assertTrue(refs.get("refs/heads/main", "").startswith("ng"), resp.body)
        self.assertTrue(refs.get("refs/heads/new1", "").startswith("ng"), resp.body)
        self.assertEqual(self.server_refs(project), {"refs/heads/main": c[2]})
        # Not atomic: the new branch is created, main still refused.
        resp = self.raw("POST", path, "carol", headers=headers,
                        body=receive_pack_body(commands, pack, "report-status"))
        self.assertEqual(resp.status, 200, resp)
        unpack, refs = parse_report_status(resp.body)
        self.assertEqual(unpack, "ok", resp.body)
        self.assertEqual(refs.get("refs/heads/new1"), "ok", resp.body)
        self.assertTrue(refs.get("refs/heads/main", "").startswith("ng"), resp.body)
        self.assertEqual(self.server_refs(project), {"refs/heads/main": c[2],
                                                     "refs/heads/new1": x})
        self.assertServerFsck(project)

    def test_push_options(self):
        project = self.new_project()
        src = self.workdir("src")
        c = gf.linear_history(self.git, src, 2)
        self.git.run(["remote", "add", "origin", self.url(project, "carol")], cwd=src)
        result = self.push(src, "-o", "ci.skip", "-o", "note=hello world", "origin", "main",
                           check=True)
        self.assertAccepted(result, "refs/heads/main")
        self.assertEqual(self.server_refs(project), {"refs/heads/main": c[-1]})

    def ref_audit_rows(self, after_id):
        cols = set(fh.columns(self.data, "audit_log"))
        self.assertTrue({"id", "action", "target", "detail", "actor_name"} <= cols,
                        "audit_log columns: %r" % sorted(cols))
        rows = [r for r in fh.audit_rows(self.data) if r["id"] > after_id]
        return [r for r in rows if "ref" in str(r.get("action", "")).lower()]

    def assertOneRowPerRef(self, rows, refs, actor):
        self.assertEqual(len(rows), len(refs), "one audit row per ref update expected: %r" % rows)
        for ref in refs:
            short = ref.split("/", 2)[2]
            matching = [r for r in rows
                        if ref in "%s %s" % (r["target"], r["detail"])
                        or re.search(r"(^|[\s:/@])%s($|[\s:@])" % re.escape(short),
                                     "%s %s" % (r["target"], r["detail"]))]
            self.assertEqual(len(matching), 1, "exactly one row should name %s: %r" % (ref, rows))
            self.assertEqual(matching[0]["actor_name"], actor, matching[0])

    def test_audit_log_one_row_per_ref_update(self):
        project = self.new_project()
        src = self.workdir("src")
        gf.linear_history(self.git, src, 2)
        self.git.run(["remote", "add", "origin", self.url(project, "carol")], cwd=src)
        self.git.run(["branch", "topic"], cwd=src)
        self.git.run(["tag", "-a", "t1", "-m", "t1"], cwd=src, env=gf.dates(gf.BASE_EPOCH))
        start = max([r["id"] for r in fh.audit_rows(self.data)] or [0])
        self.push(src, "origin", "main", "topic", "t1", check=True)
        rows = self.ref_audit_rows(start)
        self.assertOneRowPerRef(rows, ["refs/heads/main", "refs/heads/topic", "refs/tags/t1"],
                                "carol")
        start = max(r["id"] for r in fh.audit_rows(self.data))
        self.push(src, "origin", ":topic", check=True)
        self.assertOneRowPerRef(self.ref_audit_rows(start), ["refs/heads/topic"], "carol")
        start = max(r["id"] for r in fh.audit_rows(self.data))
        self.git.run(["commit", "-q", "--amend", "-m", "amended"], cwd=src,
                     env=gf.dates(gf.BASE_EPOCH + 5))
        self.push(src, "--force", "origin", "main", check=True)
        self.assertOneRowPerRef(self.ref_audit_rows(start), ["refs/heads/main"], "carol")


def temp_files(git_dir):
    """Files under objects/ that look like leftovers of an unfinished transfer."""
    return [f for f in gf.object_files(git_dir)
            if re.search(r"(^|/)(tmp|incoming|quarantine)|\.tmp$|\.lock$", f)]


class ProtectedBranchTest(GitHttpCase):
    """main (and release, future) are protected: pushing to them needs maintain; nobody
    force-pushes or deletes them. Rejections are per ref."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in ("alice", "carol", "dave", "erin"):
            cls.create_user(name)
        cls.admin_password = cls.site_admin_password()

    def setUp(self):
        self.project = "alice/" + self.new_name("prot")
        self.create_project(self.project, "private")
        self.grant(self.project, "carol", "write")
        self.grant(self.project, "dave", "maintain")
        self.grant(self.project, "erin", "admin")
        for branch in ("main", "release", "future"):
            self.protect(self.project, branch)
        src = self.workdir("src")
        self.c = gf.linear_history(self.git, src, 3)
        self.git.run(["branch", "dev"], cwd=src)
        self.git.run(["branch", "release", self.c[1]], cwd=src)
        self.seed(self.project, src)

    def password_of(self, user):
        return self.admin_password if user == "admin" else PASSWORD

    def local(self, user):
        """A clone of the server's repository as it is now (read on disk), whose origin
        is the project over HTTP as `user`."""
        dest = self.workdir("local-" + user)
        self.git.run(["clone", "-q", "--no-local", self.git_dir(self.project), dest])
        self.git.run(["remote", "set-url", "origin",
                      self.url(self.project, user, self.password_of(user))], cwd=dest)
        return dest

    def test_writer_is_rejected_per_ref(self):
        local = self.local("carol")
        main = self.git.commit(local, "main by writer", {"w.txt": "w\n"})
        self.git.run(["checkout", "-q", "-b", "dev", "origin/dev"], cwd=local)
        dev = self.git.commit(local, "dev by writer", {"d.txt": "d\n"})
        before = self.server_refs(self.project)
        result = self.push(local, "origin", "main", "dev", check=False)
        self.assertRejected(result, "refs/heads/main", mentions="protected")
        self.assertAccepted(result, "refs/heads/dev")
        self.assertEqual(self.server_refs(self.project),
                         dict(before, **{"refs/heads/dev": dev}))
        self.assertNotEqual(self.server_refs(self.project)["refs/heads/main"], main)

    def test_rejected_push_leaves_refs_and_packs_alone(self):
        gd = self.git_dir(self.project)
        packs, refs = gf.pack_listing(gd), self.server_refs(self.project)
        local = self.local("carol")
        blob = os.urandom(4096)
        self.git.commit(local, "big enough for a pack", {"r.bin": blob})
        result = self.push(local, "origin", "main", check=False)
        self.assertRejected(result, "refs/heads/main", mentions="protected")
        self.assertEqual(self.server_refs(self.project), refs)
        self.assertEqual(gf.pack_listing(gd), packs, "a rejected push left a pack behind")
        self.assertEqual(temp_files(gd), [])

    def test_maintain_and_above_push_fast_forward(self):
        for user in ("dave", "erin", "alice", "admin"):
            with self.subTest(user=user):
                local = self.local(user)
                new = self.git.commit(local, "by " + user, {user + ".txt": user + "\n"})
                self.assertAccepted(self.push(local, "origin", "main", check=True),
                                    "refs/heads/main")
                self.assertEqual(self.server_refs(self.project)["refs/heads/main"], new)

    def test_nobody_force_pushes_a_protected_branch(self):
        for user in ("dave", "erin", "alice", "admin"):
            with self.subTest(user=user):
                local = self.local(user)
                refs = self.server_refs(self.project)
                self.git.run(["reset", "-q", "--hard", "HEAD~1"], cwd=local)
                self.git.commit(local, "rewrite by " + user, {"f.txt": user})
                self.git.run(["checkout", "-q", "-b", "dev", "origin/dev"], cwd=local)
                dev = self.git.commit(local, "dev by " + user, {"d.txt": user})
                result = self.push(local, "--force", "origin", "main", "dev", check=False)
                self.assertRejected(result, "refs/heads/main", mentions="protected")
                self.assertAccepted(result, "refs/heads/dev")
                self.assertEqual(self.server_refs(self.project),
                                 dict(refs, **{"refs/heads/dev": dev}))

    def test_nobody_deletes_a_protected_branch(self):
        for user in ("carol", "dave", "erin", "alice", "admin"):
            with self.subTest(user=user):
                local = self.local(user)
                refs = self.server_refs(self.project)
                result = self.push(local, "origin", ":release", check=False)
                self.assertRejected(result, "refs/heads/release", mentions="protected")
                result = self.push(local, "origin", ":main", check=False)
                self.assertRejected(result, "refs/heads/main")
                self.assertEqual(self.server_refs(self.project), refs)

    def test_creating_a_protected_branch_needs_maintain(self):
        local = self.local("carol")
        result = self.push(local, "origin", "main:future", check=False)
        self.assertRejected(result, "refs/heads/future", mentions="protected")
        self.assertNotIn("refs/heads/future", self.server_refs(self.project))
        local = self.local("dave")
        self.assertAccepted(self.push(local, "origin", "main:future", check=True),
                            "refs/heads/future")
        self.assertEqual(self.server_refs(self.project)["refs/heads/future"], self.c[2])

    def test_unprotected_branch_allows_force_and_delete(self):
        local = self.local("carol")
        self.git.run(["checkout", "-q", "-b", "dev", "origin/dev"], cwd=local)
        self.git.run(["reset", "-q", "--hard", "HEAD~2"], cwd=local)
        x = self.git.commit(local, "rewritten dev", {"x.txt": "x"})
        result = self.push(local, "--force", "origin", "dev", check=True)
        self.assertEqual(result[1]["refs/heads/dev"][0], "+", result)
        self.assertEqual(self.server_refs(self.project)["refs/heads/dev"], x)
        result = self.push(local, "origin", ":dev", check=True)
        self.assertEqual(result[1]["refs/heads/dev"][0], "-", result)
        self.assertNotIn("refs/heads/dev", self.server_refs(self.project))


class RightsTest(GitHttpCase):
    """Who may read and push (DESIGN.md section 3), through git and on the wire."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in ("alice", "bob", "carol", "mallory", "frank", "rita", "walter"):
            cls.create_user(name)
        cls.cli("admin", "group", "create", "devs")
        cls.cli("admin", "group", "add-member", "devs", "frank", "--role", "member")
        cls.cli("admin", "group", "add-member", "devs", "rita", "--role", "reporter")
        cls.src = os.path.join(cls.tmp, "src")
        cls.commits = gf.linear_history(cls.git, cls.src, 3)
        for project, visibility in (("alice/pub", "public"), ("alice/int", "internal"),
                                    ("alice/priv", "private"), ("devs/gp", "private"),
                                    ("alice/shared", "private")):
            cls.create_project(project, visibility)
            cls.seed(project, cls.src)
        cls.grant("alice/priv", "bob", "read")
        cls.grant("alice/priv", "carol", "write")
        cls.grant("alice/pub", "carol", "write")
        cls.grant("alice/shared", "@devs", "write")
        cls.token = cls.create_token("alice")
        cls.tip = cls.commits[-1]

    def expected(self):
        return {"HEAD": self.tip, "refs/heads/main": self.tip}

    def endpoints(self, project):
        base = "/%s.git" % project
        return [
            ("GET", base + "/info/refs?service=git-upload-pack", b""),
            ("GET", base + "/info/refs?service=git-receive-pack", b""),
            ("POST", base + "/git-upload-pack", FLUSH),
            ("POST", base + "/git-receive-pack", FLUSH),
            ("GET", "/%s/info/refs?service=git-upload-pack" % project, b""),
        ]

    def request_all(self, project, user=None, password=PASSWORD):
        out = []
        for method, path, body in self.endpoints(project):
            headers = {}
            if method == "POST":
                headers["Content-Type"] = (UPLOAD_REQ if "upload" in path else RECEIVE_REQ)
            out.append(self.raw(method, path, user, password, headers=headers, body=body))
        return out

    def assertSameKind(self, a, b, project_a, project_b):
        """Two responses that must not tell a hidden project from a missing one (the
        bodies may differ only in the project's name)."""
        self.assertEqual(a.status, b.status)
        self.assertEqual(a.header("WWW-Authenticate"), b.header("WWW-Authenticate"))
        self.assertEqual(media_type(a), media_type(b))
        self.assertEqual(a.body.replace(project_a.encode(), b"X"),
                         b.body.replace(project_b.encode(), b"X"),
                         "bodies differ: %r / %r" % (a.body[:300], b.body[:300]))

    def assertPushDenied(self, proc, what):
        self.assertNotEqual(proc.returncode, 0, "%s: push should fail:\n%s"
                            % (what, gf.describe(proc)))

    def try_push(self, project, user=None, password=PASSWORD, suffix=".git"):
        """Push a new commit to a new branch; returns (proc, commit, ref)."""
        local = self.workdir("push")
        self.git.run(["clone", "-q", "--no-local", self.src, local])
        ref = "refs/heads/" + self.new_name("attempt")
        new = self.git.commit(local, "attempt", {"attempt.txt": ref})
        url = self.url(project, user, password, suffix=suffix) if user is not None \
            else self.url(project, suffix=suffix)
        proc = self.git.run(["push", "--porcelain", url, "HEAD:" + ref], cwd=local,
                            check=False)
        return proc, new, ref

    # -- reading

    def test_anonymous_reads_public(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                self.assertEqual(self.ls_remote(self.url("alice/pub"), protocol), self.expected())
                dest, _ = self.clone(self.url("alice/pub"), protocol=protocol)
                self.assertEqual(self.git.rev(dest, "HEAD"), self.tip)
        resp = self.raw("GET", "/alice/pub.git/info/refs?service=git-upload-pack")
        self.assertEqual(resp.status, 200, resp)

    def test_anonymous_gets_401_for_private_and_missing_alike(self):
        for project in ("alice/priv", "devs/gp", "alice/int", "alice/nothing", "nobody/nothing"):
            for resp, (method, path, _) in zip(self.request_all(project),
                                                self.endpoints(project)):
                with self.subTest(request="%s %s" % (method, path)):
                    self.assertChallenge(resp, "%s %s" % (method, path))
        for hidden, missing in (("alice/priv", "alice/nothing"), ("devs/gp", "devs/nothing")):
            for a, b, (method, path, _) in zip(self.request_all(hidden), self.request_all(missing),
                                                self.endpoints(hidden)):
                with self.subTest(compare="%s %s" % (method, path)):
                    self.assertSameKind(a, b, hidden, missing)
        # git asks for credentials (and cannot: no terminal, no helper).
        proc = self.git.run(["ls-remote", self.url("alice/priv")], check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertRegex(proc.stderr, r"could not read Username|Authentication failed",
                         gf.describe(proc))

    def test_signed_in_without_read_gets_404_like_missing(self):
        for hidden, missing in (("alice/priv", "alice/nothing"), ("devs/gp", "devs/nothing"),
                                ("alice/shared", "nobody/nothing")):
            hidden_resps = self.request_all(hidden, "mallory")
            for a, b, (method, path, _) in zip(hidden_resps, self.request_all(missing, "mallory"),
                                                self.endpoints(hidden)):
                with self.subTest(request="%s %s" % (method, path)):
                    self.assertEqual(a.status, 404, "%s %s as mallory: %r" % (method, path, a))
                    self.assertSameKind(a, b, hidden, missing)
        proc = self.git.run(["ls-remote", self.url("alice/priv", "mallory")], check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("not found", proc.stderr, gf.describe(proc))
        proc, _, _ = self.try_push("alice/priv", "mallory")
        self.assertPushDenied(proc, "mallory on alice/priv")
        self.assertIn("not found", proc.stderr, gf.describe(proc))

    def test_reader_clones_private_but_cannot_push(self):
        for protocol in (0, 2):
            with self.subTest(protocol=protocol):
                dest, _ = self.clone(self.url("alice/priv", "bob"), protocol=protocol)
                self.assertEqual(self.git.rev(dest, "HEAD"), self.tip)
        for method, path, body in self.endpoints("alice/priv"):
            if "receive-pack" in path:
                with self.subTest(request="%s %s" % (method, path)):
                    resp = self.raw(method, path, "bob", body=body,
                                    headers={"Content-Type": RECEIVE_REQ} if body else None)
                    self.assertEqual(resp.status, 403, resp)
        proc, _, _ = self.try_push("alice/priv", "bob")
        self.assertPushDenied(proc, "reader bob")
        self.assertIn("403", proc.stderr, gf.describe(proc))
        self.assertEqual(self.server_refs("alice/priv"), {"refs/heads/main": self.tip})

    def test_writer_pushes_private(self):
        proc, new, ref = self.try_push("alice/priv", "carol")
        self.assertEqual(proc.returncode, 0, gf.describe(proc))
        self.assertEqual(self.server_refs("alice/priv").get(ref), new)
        self.assertEqual(self.ls_remote(self.url("alice/priv", "bob"))[ref], new)

    def test_anonymous_push_is_401_even_on_public(self):
        refs = self.server_refs("alice/pub")
        self.assertChallenge(self.raw("GET", "/alice/pub.git/info/refs?service=git-receive-pack"),
                             "anonymous receive-pack advertisement")
        self.assertChallenge(self.raw("POST", "/alice/pub.git/git-receive-pack", body=FLUSH,
                                      headers={"Content-Type": RECEIVE_REQ}),
                             "anonymous receive-pack")
        proc, _, _ = self.try_push("alice/pub")
        self.assertPushDenied(proc, "anonymous")
        self.assertRegex(proc.stderr, r"could not read Username|Authentication failed",
                         gf.describe(proc))
        self.assertEqual(self.server_refs("alice/pub"), refs)

    def test_wrong_password_is_401(self):
        # Few failures on purpose: sign-in is throttled after 5 (DESIGN.md section 8).
        resp = self.raw("GET", "/alice/priv.git/info/refs?service=git-upload-pack",
                        "walter", "wrong password!")
        self.assertChallenge(resp, "wrong password")
        resp = self.raw("GET", "/alice/pub.git/info/refs?service=git-receive-pack",
                        "nosuchuser", PASSWORD)
        self.assertChallenge(resp, "unknown user")
        proc = self.git.run(["ls-remote", self.url("alice/priv", "walter", "wrong password!")],
                            check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("Authentication failed", proc.stderr, gf.describe(proc))

    def test_internal_is_readable_by_every_signed_in_user(self):
        for user in ("mallory", "rita"):
            with self.subTest(user=user):
                dest, _ = self.clone(self.url("alice/int", user))
                self.assertEqual(self.git.rev(dest, "HEAD"), self.tip)
        self.assertChallenge(self.raw("GET", "/alice/int.git/info/refs?service=git-upload-pack"),
                             "anonymous on internal")
        resp = self.raw("GET", "/alice/int.git/info/refs?service=git-receive-pack", "mallory")
        self.assertEqual(resp.status, 403, resp)
        proc, _, _ = self.try_push("alice/int", "mallory")
        self.assertPushDenied(proc, "mallory on internal")

    def test_token_as_password_with_any_user_name(self):
        for login in ("alice", "whoever", "x-token"):
            with self.subTest(login=login):
                resp = self.raw("GET", "/alice/priv.git/info/refs?service=git-upload-pack",
                                login, self.token)
                self.assertEqual(resp.status, 200, resp)
                dest, _ = self.clone(self.url("alice/priv", login, self.token))
                self.assertEqual(self.git.rev(dest, "HEAD"), self.tip)
        proc, new, ref = self.try_push("alice/priv", "whoever", self.token)
        self.assertEqual(proc.returncode, 0, gf.describe(proc))
        self.assertEqual(self.server_refs("alice/priv").get(ref), new)

    def test_group_roles_and_group_grants(self):
        # devs/gp belongs to the group: reporters read, members write.
        dest, _ = self.clone(self.url("devs/gp", "rita"))
        self.assertEqual(self.git.rev(dest, "HEAD"), self.tip)
        proc, _, _ = self.try_push("devs/gp", "rita")
        self.assertPushDenied(proc, "reporter rita")
        self.assertIn("403", proc.stderr, gf.describe(proc))
        proc, new, ref = self.try_push("devs/gp", "frank")
        self.assertEqual(proc.returncode, 0, gf.describe(proc))
        self.assertEqual(self.server_refs("devs/gp").get(ref), new)
        # alice/shared grants write to @devs.
        proc, new, ref = self.try_push("alice/shared", "frank")
        self.assertEqual(proc.returncode, 0, gf.describe(proc))
        self.assertEqual(self.server_refs("alice/shared").get(ref), new)
        self.assertEqual(self.ls_remote(self.url("alice/shared", "rita"))[ref], new)

    def test_site_admin_reads_and_pushes_everything(self):
        password = self.site_admin_password()
        dest, _ = self.clone(self.url("devs/gp", "admin", password))
        self.assertEqual(self.git.rev(dest, "HEAD"), self.tip)
        proc, new, ref = self.try_push("alice/int", "admin", password)
        self.assertEqual(proc.returncode, 0, gf.describe(proc))
        self.assertEqual(self.server_refs("alice/int").get(ref), new)


def error_signalled(body):
    """True if a 200 response body carries a git error: an ERR packet, side-band
    channel 3, a failed unpack or an `ng` ref status."""
    packets = gf.parse_pkt_lines(body, strict=False)
    payloads = [p for p in packets if isinstance(p, bytes)]
    for p in payloads:
        if p.startswith(b"ERR ") or (p[:1] == b"\x03"):
            return True
        if p[:1] in (b"\x01", b"\x02"):
            continue
        if p.startswith(b"unpack ") and p.rstrip(b"\n") != b"unpack ok":
            return True
        if p.startswith(b"ng "):
            return True
    # report-status inside side-band channel 1
    chan1, _chan2, chan3 = gf.demux_sideband(payloads)
    if chan3:
        return True
    if chan1:
        inner = [p for p in gf.parse_pkt_lines(chan1, strict=False) if isinstance(p, bytes)]
        for p in inner:
            if p.startswith(b"ng ") or (p.startswith(b"unpack ") and
                                        p.rstrip(b"\n") != b"unpack ok") or p.startswith(b"ERR "):
                return True
    return False


class RobustnessTest(GitHttpCase):
    """Malformed, truncated and hostile requests: a 4xx or a git error, never a crash,
    never a changed ref, never a leftover pack."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_user("carol")
        cls.create_project("alice/rob", "public")
        cls.grant("alice/rob", "carol", "write")
        cls.src = os.path.join(cls.tmp, "src")
        cls.c = gf.linear_history(cls.git, cls.src, 3)
        cls.seed("alice/rob", cls.src)
        # Two commits the server does not have: x (child of c3) and y (child of x).
        cls.x = cls.git.commit(cls.src, "x", {"x.bin": os.urandom(2048)},
                               epoch=gf.BASE_EPOCH + 40 * gf.DAY)
        cls.y = cls.git.commit(cls.src, "y", {"y.bin": os.urandom(2048)},
                               epoch=gf.BASE_EPOCH + 41 * gf.DAY)
        cls.pack_x = make_pack(cls.git, cls.src, [cls.x, "^" + cls.c[2]])
        cls.pack_y_only = make_pack(cls.git, cls.src, [cls.y, "^" + cls.x])

    def snapshot(self, project="alice/rob"):
        gd = self.git_dir(project)
        return self.server_refs(project), gf.pack_listing(gd)

    def assertUnchanged(self, snapshot, project="alice/rob", what=""):
        gd = self.git_dir(project)
        refs, packs = snapshot
        self.assertEqual(self.server_refs(project), refs, "%s: refs changed" % what)
        self.assertEqual(gf.pack_listing(gd), packs, "%s: new files in objects/pack" % what)
        self.assertEqual(temp_files(gd), [], "%s: temporary files left" % what)

    def assertRefused(self, resp, what):
        self.assertLess(resp.status, 500, "%s: server error %r" % (what, resp))
        if 400 <= resp.status < 500:
            return
        self.assertEqual(resp.status, 200, "%s: %r" % (what, resp))
        self.assertTrue(error_signalled(resp.body),
                        "%s: 200 without an error packet: %r" % (what, resp.body[:300]))

    def assertStillServes(self):
        self.assertHealthy()
        dest, _ = self.clone(self.url("alice/rob"))
        self.assertEqual(self.git.rev(dest, "HEAD"), self.c[2])
        self.assertEqual(self.git.fsck(dest).stdout.strip(), "")

    def post(self, service, body, user="carol", headers=None, project="alice/rob"):
        h = {"Content-Type": UPLOAD_REQ if service == "git-upload-pack" else RECEIVE_REQ}
        h.update(headers or {})
        return self.raw("POST", "/%s.git/%s" % (project, service), user, headers=h, body=body)

    def test_raw_requests_positive_control(self):
        # The hand-made requests below are right when nothing is wrong with them.
        body = pkt("want %s ofs-delta\n" % self.c[2]) + FLUSH + pkt("done\n")
        resp = self.post("git-upload-pack", body)
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(media_type(resp), UPLOAD_RES, resp)
        self.assertTrue(resp.body.startswith(b"0008NAK\n"), resp.body[:100])
        self.assertIn(b"PACK", resp.body[:100])
        project = "alice/" + self.new_name("ok")
        self.create_project(project, "private")
        self.grant(project, "carol", "write")
        self.seed(project, self.src, ["%s:refs/heads/main" % self.c[2]])
        resp = self.post("git-receive-pack",
                         receive_pack_body([(self.c[2], self.x, "refs/heads/main")], self.pack_x),
                         "carol", project=project)
        self.assertEqual(resp.status, 200, resp)
        self.assertEqual(parse_report_status(resp.body), ("ok", {"refs/heads/main": "ok"}),
                         resp.body)
        self.assertEqual(self.server_refs(project), {"refs/heads/main": self.x})
        self.assertServerFsck(project)

    def test_garbage_to_upload_pack(self):
        v2 = {"Git-Protocol": "version=2"}
        rnd = random.Random(7)
        c3 = self.c[2]
        cases = [
            ("empty body", b"", None),
            ("text", b"hello, this is not a pkt-line at all\n", None),
            ("bad hex length", b"zzzzwant", None),
            ("short length", b"000", None),
            ("length 3", b"0003", None),
            ("length beyond body", b"0032want ", None),
            ("huge length", b"ffff" + b"a" * 100, None),
            ("bad object id", pkt("want " + "x" * 40 + "\n") + FLUSH + pkt("done\n"), None),
            ("unknown object", pkt("want " + "1" * 40 + "\n") + FLUSH + pkt("done\n"), None),
            ("unknown command", pkt("frobnicate\n") + FLUSH, None),
            ("want without flush", pkt("want %s\n" % c3), None),
            ("want then garbage", pkt("want %s\n" % c3) + FLUSH + b"\xff\xfe" * 50, None),
            ("random bytes", bytes(rnd.getrandbits(8) for _ in range(4096)), None),
            ("v2 unknown command", pkt("command=frobnicate\n") + FLUSH, v2),
            ("v2 fetch bad want", pkt("command=fetch\n") + DELIM + pkt("want zzz\n")
             + pkt("done\n") + FLUSH, v2),
            ("v2 fetch unknown want", pkt("command=fetch\n") + DELIM
             + pkt("want %s\n" % ("2" * 40)) + pkt("done\n") + FLUSH, v2),
            ("v2 truncated", pkt("command=ls-refs\n") + DELIM + b"00", v2),
            ("v2 no command", pkt("agent=x\n") + FLUSH, v2),
            ("gzip header, plain body", pkt("want %s\n" % c3) + FLUSH + pkt("done\n"),
             {"Content-Encoding": "gzip"}),
            ("truncated gzip",
             gf.gzip_bytes(pkt("want %s\n" % c3) + FLUSH + pkt("done\n"))[:20],
             {"Content-Encoding": "gzip"}),
        ]
        snap = self.snapshot()
        for label, body, headers in cases:
            with self.subTest(case=label):
                self.assertRefused(self.post("git-upload-pack", body, headers=headers), label)
        self.assertUnchanged(snap)
        self.assertStillServes()

    def test_garbage_to_receive_pack(self):
        c1, c3, x = self.c[0], self.c[2], self.x
        main = "refs/heads/main"
        pack = self.pack_x
        corrupt = bytearray(pack)
        corrupt[-1] ^= 0xFF
        rnd = random.Random(11)
        cases = [
            ("empty body", b""),
            ("text", b"garbage garbage garbage\n"),
            ("bad hex length", b"zzzz"),
            ("length 3", b"0003"),
            ("length beyond body", b"0050" + b"0" * 10),
            ("huge length", b"ffff" + b"b" * 64),
            ("random bytes", bytes(rnd.getrandbits(8) for _ in range(4096))),
            ("commands without flush", receive_pack_body([(c3, x, main)], flush=False)),
            ("invalid object ids", pkt("%s %s %s\0report-status\n" % ("z" * 40, "y" * 40, main))
             + FLUSH + pack),
            ("short command", pkt("%s %s\0report-status\n" % (c3, x)) + FLUSH + pack),
            ("unknown object, no pack", receive_pack_body([(ZERO_OID, "1" * 40,
                                                            "refs/heads/ghost")])),
            ("update without pack", receive_pack_body([(c3, x, main)])),
            ("garbage pack", receive_pack_body([(c3, x, main)], b"PACK\x00\x00\x00\x02junkjunk")),
            ("not a pack", receive_pack_body([(c3, x, main)], b"this is no pack" * 20)),
            ("truncated pack", receive_pack_body([(c3, x, main)], pack[:len(pack) // 2])),
            ("pack without checksum", receive_pack_body([(c3, x, main)], pack[:-20])),
            ("corrupt checksum", receive_pack_body([(c3, x, main)], bytes(corrupt))),
            ("pack missing a parent", receive_pack_body([(c3, self.y, main)], self.pack_y_only)),
            ("pack missing the new commit", receive_pack_body(
                [(c3, self.y, "refs/heads/other")], pack)),
            ("invalid ref name", receive_pack_body([(ZERO_OID, x, "refs/heads/bad..name")], pack)),
            ("ref outside refs/", receive_pack_body([(ZERO_OID, x, "config")], pack)),
            ("ref escaping", receive_pack_body([(ZERO_OID, x, "refs/heads/../../config")], pack)),
            ("stale old value", receive_pack_body([(c1, x, main)], pack)),
            ("create existing", receive_pack_body([(ZERO_OID, x, main)], pack)),
            ("delete with wrong old value", receive_pack_body([(c1, ZERO_OID, main)])),
            ("delete missing ref", receive_pack_body([(x, ZERO_OID, "refs/heads/nothing")])),
        ]
        for label, body in cases:
            with self.subTest(case=label):
                snap = self.snapshot()
                self.assertRefused(self.post("git-receive-pack", body, "carol"), label)
                self.assertUnchanged(snap, what=label)
        for label, body, headers in (
                ("gzip header, plain body", receive_pack_body([(c3, x, main)], pack),
                 {"Content-Encoding": "gzip"}),
                ("truncated gzip", gf.gzip_bytes(receive_pack_body([(c3, x, main)], pack))[:40],
                 {"Content-Encoding": "gzip"})):
            with self.subTest(case=label):
                snap = self.snapshot()
                self.assertRefused(self.post("git-receive-pack", body, "carol", headers=headers),
                                   label)
                self.assertUnchanged(snap, what=label)
        self.assertStillServes()

    def test_clients_that_go_away(self):
        port, host = self.server.port, self.server.host or "127.0.0.1"
        auth = gf.basic_auth("carol", PASSWORD)
        # 1. A body announced but never sent in full.
        for service in ("git-upload-pack", "git-receive-pack"):
            with fh.HttpConnection(port, host) as conn:
                conn.send(("POST /alice/rob.git/%s HTTP/1.1\r\nHost: x\r\nAuthorization: %s\r\n"
                           "Content-Type: application/x-%s-request\r\n"
                           "Content-Length: 1000000\r\n\r\n" % (service, auth, service)).encode()
                          + pkt("want %s\n" % self.c[2]))
        # 2. A chunked body cut off in the middle of a pack.
        with fh.HttpConnection(port, host) as conn:
            body = receive_pack_body([(self.c[2], self.x, "refs/heads/main")], self.pack_x)
            conn.send(("POST /alice/rob.git/git-receive-pack HTTP/1.1\r\nHost: x\r\n"
                       "Authorization: %s\r\nContent-Type: %s\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n" % (auth, RECEIVE_REQ)).encode()
                      + b"%x\r\n" % len(body) + body[:len(body) // 2])
        # 3. A clone whose client reads a few bytes of the pack and leaves.
        with fh.HttpConnection(port, host) as conn:
            conn.send_request("POST", "/alice/rob.git/git-upload-pack",
                              {"Content-Type": UPLOAD_REQ},
                              pkt("want %s side-band-64k ofs-delta\n" % self.c[2]) + FLUSH
                              + pkt("done\n"))
            conn.pending_bytes(wait=1.0)
        time.sleep(0.5)
        snap = self.snapshot()
        self.assertStillServes()
        self.assertEqual(self.server_refs("alice/rob")["refs/heads/main"], self.c[2])
        self.assertEqual(temp_files(self.git_dir("alice/rob")), [])
        self.assertUnchanged(snap)

    def test_odd_paths(self):
        for path in ("/../../etc/passwd.git/info/refs?service=git-upload-pack",
                     "/alice/../alice/rob.git/info/refs?service=git-upload-pack",
                     "/alice/rob.git.git/info/refs?service=git-upload-pack",
                     "/alice/%2e%2e.git/info/refs?service=git-upload-pack",
                     "/alice/ro%00b.git/info/refs?service=git-upload-pack",
                     "/alice/ro%2fb.git/info/refs?service=git-upload-pack",
                     "/Alice/rob.git/info/refs?service=git-upload-pack",
                     "/alice/rob.git/info/refs?service=git-upload-pack&service=git-receive-pack",
                     "/alice/rob.git/info/refs",
                     "/alice/rob.git/objects/info/packs",
                     "/alice/rob.git/HEAD",
                     "/alice/rob.git/config"):
            with self.subTest(path=path):
                resp = self.raw("GET", path)
                self.assertLess(resp.status, 500, resp)
                self.assertNotIn(b"bare = true", resp.body)
        self.assertHealthy()


def run_all(procs, timeout=90):
    """Wait for background git processes; returns [(returncode, stdout, stderr)]."""
    results = []
    deadline = time.monotonic() + timeout
    for p in procs:
        try:
            out, err = p.communicate(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate(timeout=10)
            raise AssertionError("a git client hung: %r %r" % (out, err))
        results.append((p.returncode, out, err))
    return results


class ConcurrencyTest(GitHttpCase):
    CLIENTS = 4
    ROUNDS = 3

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")

    def setUp(self):
        self.project = "alice/" + self.new_name("conc")
        self.create_project(self.project, "private")
        self.src = self.workdir("src")
        self.base = gf.linear_history(self.git, self.src, 3)
        self.seed(self.project, self.src)
        self.clients = []
        for i in range(self.CLIENTS):
            dest = self.workdir("client%d" % i)
            self.git.run(["clone", "-q", "--no-local", self.src, dest])
            self.git.run(["remote", "set-url", "origin", self.url(self.project, "alice")],
                         cwd=dest)
            self.clients.append(dest)

    def push_all(self, args_for):
        procs = [self.git.popen(["push", "--porcelain"] + args_for(i), cwd=c)
                 for i, c in enumerate(self.clients)]
        return run_all(procs)

    def test_parallel_pushes_to_different_branches(self):
        tips = []
        for i, c in enumerate(self.clients):
            self.git.run(["checkout", "-q", "-b", "b%d" % i], cwd=c)
            gf.linear_history(self.git, c, 2, prefix="b%d-" % i,
                              start=gf.BASE_EPOCH + (10 + i) * gf.DAY)
            tips.append(self.git.rev(c, "HEAD"))
        results = self.push_all(lambda i: ["origin", "b%d" % i])
        for i, (code, out, err) in enumerate(results):
            self.assertEqual(code, 0, "client %d: %s %s" % (i, out, err))
            self.assertIn(porcelain(out).get("refs/heads/b%d" % i, ("?",))[0], ACCEPTED_FLAGS,
                          out + err)
        expected = {"refs/heads/main": self.base[-1]}
        expected.update({"refs/heads/b%d" % i: t for i, t in enumerate(tips)})
        self.assertEqual(self.server_refs(self.project), expected)
        self.assertEqual(self.ls_remote(self.url(self.project, "alice")),
                         dict(expected, HEAD=self.base[-1]))
        self.assertServerFsck(self.project)

    def test_racing_pushes_to_the_same_branch(self):
        accepted = []
        for rnd in range(self.ROUNDS):
            commits = []
            for i, c in enumerate(self.clients):
                # In the middle round half of the clients do not fetch: they push from
                # an older base.
                if not (rnd == 1 and i >= 2):
                    self.git.run(["fetch", "-q", "origin"], cwd=c)
                    self.git.run(["reset", "-q", "--hard", "origin/main"], cwd=c)
                commits.append(self.git.commit(c, "round %d client %d" % (rnd, i),
                                               {"c%d.txt" % i: "round %d\n" % rnd},
                                               epoch=gf.BASE_EPOCH + (rnd * 10 + i) * gf.DAY))
            before = self.server_refs(self.project)["refs/heads/main"]
            results = self.push_all(lambda i: ["origin", "main"])
            winners = []
            for i, (code, out, err) in enumerate(results):
                flag = porcelain(out).get("refs/heads/main", ("?", ""))[0]
                if flag in ACCEPTED_FLAGS:
                    self.assertEqual(code, 0, "accepted but failed: %s %s" % (out, err))
                    winners.append(i)
                else:
                    self.assertNotEqual(code, 0, "rejected but exit 0: %s %s" % (out, err))
                    self.assertIn(flag, ("!", "?"), out + err)
            self.assertEqual(len(winners), 1, "round %d: winners %r, results %r"
                             % (rnd, winners, results))
            tip = self.server_refs(self.project)["refs/heads/main"]
            self.assertEqual(tip, commits[winners[0]], "round %d" % rnd)
            self.assertEqual(self.git.out(["--git-dir=" + self.git_dir(self.project), "rev-parse",
                                           tip + "^"]), before)
            accepted.append(commits[winners[0]])
        # No accepted commit is lost, and main is the chain of the winners.
        check = self.workdir("check")
        self.clone(self.url(self.project, "alice"), dest=check)
        for commit in accepted:
            proc = self.git.run(["merge-base", "--is-ancestor", commit, "origin/main"], cwd=check,
                                check=False)
            self.assertEqual(proc.returncode, 0, "accepted commit %s is lost" % commit)
        self.assertEqual(self.git.out(["rev-list", "--first-parent", "-n", str(self.ROUNDS),
                                       "origin/main"], cwd=check).split(), accepted[::-1])
        self.assertServerFsck(self.project)


class LargeFileTest(GitHttpCase):
    SIZE = 50 * 1024 * 1024

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_project("alice/big", "private")

    def test_50_mib_binary_round_trip(self):
        local = self.workdir("local")
        self.git.run(["init", "-q", "-b", "main", local])
        digest = gf.write_random_file(os.path.join(local, "big.bin"), self.SIZE)
        commit = self.git.commit(local, "big file", {"small.txt": "small\n"})
        self.git.run(["remote", "add", "origin", self.url("alice/big", "alice")], cwd=local)
        proc = self.git.run(["push", "--porcelain", "origin", "main"], cwd=local, check=False,
                            timeout=180)
        self.assertEqual(proc.returncode, 0, gf.describe(proc))
        self.assertEqual(self.server_refs("alice/big"), {"refs/heads/main": commit})
        gd = self.git_dir("alice/big")
        self.assertEqual(self.git.out(["--git-dir=" + gd, "cat-file", "-s", "main:big.bin"]),
                         str(self.SIZE))
        dest = self.workdir("clone")
        proc = self.git.run(["clone", "--no-progress", self.url("alice/big", "alice"), dest],
                            check=False, timeout=180)
        self.assertEqual(proc.returncode, 0, gf.describe(proc))
        path = os.path.join(dest, "big.bin")
        self.assertEqual(os.path.getsize(path), self.SIZE)
        self.assertEqual(gf.file_sha256(path), digest)
        self.assertEqual(self.git.rev(dest, "HEAD"), commit)
        self.assertHealthy()


if __name__ == "__main__":
    unittest.main()
