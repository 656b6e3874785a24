# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""End-to-end tests of the `forge` command line: configuration, `forge admin ...`,
the database it writes and the repositories it creates."""

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

import forge_harness as fh
from forge_harness import PASSWORD, run_cli


def setUpModule():
    fh.require_binary()


def create_user(data, name, email=None, admin=False, password=PASSWORD, extra=()):
    args = ["admin", "user", "create", name, "--email", email or "%s@example.org" % name]
    if admin:
        args.append("--admin")
    if password is None:
        return run_cli(args + list(extra), data)
    return run_cli(args + ["--password-stdin"] + list(extra), data, input=password + "\n")


def is_bare_repo(path):
    proc = subprocess.run(
        ["git", "--git-dir=" + path, "rev-parse", "--is-bare-repository"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30,
        env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=path),
    )
    return proc.returncode == 0 and proc.stdout.strip() == "true"


def admin_column(data):
    cols = fh.columns(data, "users")
    for cand in ("is_admin", "site_admin", "is_site_admin", "admin"):
        if cand in cols:
            return cand
    raise AssertionError("users has no site-admin column: %r" % cols)


def id_of(data, table, name):
    rows = fh.find_by_name(data, table, name)
    if len(rows) != 1:
        raise AssertionError("expected one %s row named %r, got %r" % (table, name, rows))
    return rows[0]["id"]


def project_row(data, owner, name):
    """The projects row `name` owned by user or group `owner`."""
    rows = fh.find_by_name(data, "projects", name)
    owner_ids = set()
    for table in ("users", "groups"):
        for r in fh.find_by_name(data, table, owner):
            owner_ids.add(r["id"])
    matching = [r for r in rows
                if any(k.startswith("owner") and v in owner_ids for k, v in r.items())]
    if len(matching) != 1:
        # Owner columns unknown: fall back to the name alone when it is unambiguous.
        if len(rows) == 1 and not any(k.startswith("owner") for k in rows[0]):
            return rows[0]
        raise AssertionError("expected one project %s/%s, got %r" % (owner, name, rows))
    return matching[0]


def column_like(row, *fragments):
    for k in row:
        if any(f in k for f in fragments):
            return k
    raise AssertionError("no column like %r in %r" % (fragments, list(row)))


# Names no user, group or project may have (DESIGN.md section 7 and the contract).
BAD_NAMES = ["Upper", "", "a" * 65, "-x", ".x", "x.git", "api", "a/b", "\u00e4",
             "admin", "explore", "login", "logout", "settings", "static", "a b", "x\n"]
GOOD_NAMES = ["a", "a-b.c_d", "b" * 64, "0day", "x.y"]


class VersionAndUsageTest(fh.ForgeTestCase):
    def setUp(self):
        self.data = os.path.join(fh.make_tempdir(self), "data")

    def test_version(self):
        proc = run_cli(["--version"], self.data)
        self.assertCliOk(proc)
        first = proc.stdout.splitlines()[0] if proc.stdout else ""
        self.assertRegex(first, r"^forge \S+", describe_version(proc))

    def assertUsageError(self, proc):
        self.assertEqual(proc.returncode, 2, "usage error must exit 2:\n" + fh.describe(proc))
        self.assertIn("usage", (proc.stderr + proc.stdout).lower(),
                      "a usage message is expected:\n" + fh.describe(proc))

    def test_unknown_subcommands(self):
        for args in (["frobnicate"], ["admin", "frobnicate"], ["admin", "user", "frobnicate"]):
            with self.subTest(args=args):
                self.assertUsageError(run_cli(args, self.data))

    def test_missing_arguments(self):
        cases = [
            ["admin", "user", "create"],
            ["admin", "user", "create", "carol"],  # no --email
            ["admin", "user", "create", "carol", "--email"],  # --email without value
            ["admin", "group", "create"],
            ["admin", "group", "add-member", "team"],
            ["admin", "project", "create"],
            ["admin", "project", "grant", "carol/p", "carol"],  # no level
            ["admin", "project", "protect", "carol/p"],  # no branch
            ["admin", "token", "create", "carol"],  # no --name
        ]
        for args in cases:
            with self.subTest(args=args):
                self.assertUsageError(run_cli(args, self.data))
        if os.path.exists(fh.db_path(self.data)):
            self.assertEqual(fh.count(self.data, "users"), 0)

    def test_unknown_option(self):
        proc = run_cli(["admin", "user", "create", "carol", "--email", "c@example.org",
                        "--frobnicate"], self.data, input=PASSWORD + "\n")
        self.assertUsageError(proc)
        if os.path.exists(fh.db_path(self.data)):
            self.assertEqual(fh.count(self.data, "users"), 0)


def describe_version(proc):
    return "`forge --version` must print 'forge <version>':\n" + fh.describe(proc)


class ConfigTest(fh.ForgeTestCase):
    def setUp(self):
        self.tmp = fh.make_tempdir(self)
        self.data = os.path.join(self.tmp, "data")

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def user_cmd(self, name="carol"):
        return ["admin", "user", "create", name, "--email", name + "@example.org",
                "--password-stdin"]

    def assertConfigError(self, proc, mention):
        self.assertCliFails(proc, code=2, mentions=mention)

    def assertNoUser(self, name="carol"):
        if os.path.exists(fh.db_path(self.data)):
            self.assertNotIn(name, fh.names_in(self.data, "users"))

    def test_invalid_env_values(self):
        cases = [
            ("FORGE_SERVER_IDLE_TIMEOUT", "abc", "server.idle_timeout"),
            ("FORGE_SERVER_LISTEN", "nonsense", "server.listen"),
            ("FORGE_SERVER_MAX_BODY", "abc", "server.max_body"),
            ("FORGE_SERVER_SHUTDOWN_TIMEOUT", "abc", "server.shutdown_timeout"),
        ]
        for var, value, key in cases:
            for args in (self.user_cmd(), ["serve"]):
                with self.subTest(var=var, command=args[0]):
                    env = {"FORGE_SERVER_LISTEN": "127.0.0.1:0"}
                    env[var] = value
                    proc = run_cli(args, self.data, env=env, input=PASSWORD + "\n", timeout=30)
                    self.assertConfigError(proc, key)
        self.assertNoUser()

    def test_syntax_error_in_file(self):
        path = self.write("broken.toml", '[server\nlisten = "127.0.0.1:0"\n')
        for args in (self.user_cmd() + ["--config", path], ["serve", "--config", path]):
            with self.subTest(command=args[0]):
                proc = run_cli(args, self.data, input=PASSWORD + "\n", timeout=30)
                self.assertConfigError(proc, "broken.toml")
        self.assertNoUser()

    def test_unknown_key_in_file(self):
        path = self.write("unknown.toml", '[server]\nlisten = "127.0.0.1:0"\nfrobnicate = 1\n')
        for args in (self.user_cmd() + ["--config", path], ["serve", "--config", path]):
            with self.subTest(command=args[0]):
                proc = run_cli(args, self.data, input=PASSWORD + "\n", timeout=30)
                self.assertConfigError(proc, "frobnicate")
        self.assertNoUser()

    def test_unknown_section_in_file(self):
        path = self.write("section.toml", '[bogus]\nvalue = 1\n')
        proc = run_cli(self.user_cmd() + ["--config", path], self.data, input=PASSWORD + "\n")
        self.assertConfigError(proc, "bogus")
        self.assertNoUser()

    def test_invalid_value_in_file(self):
        path = self.write("value.toml", '[server]\nidle_timeout = "abc"\n')
        proc = run_cli(self.user_cmd() + ["--config", path], self.data, input=PASSWORD + "\n")
        self.assertConfigError(proc, "server.idle_timeout")
        path = self.write("listen.toml", '[server]\nlisten = "nonsense"\n')
        proc = run_cli(self.user_cmd() + ["--config", path], self.data, input=PASSWORD + "\n")
        self.assertConfigError(proc, "server.listen")
        self.assertNoUser()

    def test_missing_config_file(self):
        path = os.path.join(self.tmp, "does-not-exist.toml")
        proc = run_cli(self.user_cmd() + ["--config", path], self.data, input=PASSWORD + "\n")
        self.assertCliFails(proc, mentions="does-not-exist.toml")
        self.assertNoUser()

    def test_valid_file_sets_data_directory(self):
        file_data = os.path.join(self.tmp, "from-file")
        path = self.write("good.toml", (
            '[server]\n'
            'listen = "127.0.0.1:0"\n'
            'base_url = "http://127.0.0.1:8080"\n'
            'idle_timeout = 5\n'
            'max_body = 2048\n'
            'shutdown_timeout = 5\n'
            '[storage]\n'
            'data = "%s"\n'
            '[tls]\n'
            'cert = ""\n'
            'key = ""\n'
            '[mail]\n'
            'host = ""\n'
            'port = 587\n'
            'from = "forge@example.org"\n'
            'user = ""\n'
            'password = ""\n'
            'starttls = true\n' % file_data))
        # No FORGE_STORAGE_DATA: the data directory comes from the file.
        proc = run_cli(self.user_cmd() + ["--config", path], None, input=PASSWORD + "\n",
                       cwd=self.tmp)
        self.assertCliOk(proc)
        self.assertIn("carol", fh.names_in(file_data, "users"))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "data")),
                         "the default ./data must not be used when the file sets storage.data")

    def test_config_option_before_the_command(self):
        file_data = os.path.join(self.tmp, "global-option")
        path = self.write("global.toml", '[storage]\ndata = "%s"\n' % file_data)
        proc = run_cli(["--config", path] + self.user_cmd(), None, input=PASSWORD + "\n",
                       cwd=self.tmp)
        self.assertCliOk(proc)
        self.assertIn("carol", fh.names_in(file_data, "users"))

    def test_data_directory_created_when_missing(self):
        self.assertFalse(os.path.exists(self.data))
        proc = run_cli(self.user_cmd(), self.data, input=PASSWORD + "\n")
        self.assertCliOk(proc)
        self.assertTrue(os.path.isfile(fh.db_path(self.data)))
        self.assertIn("carol", fh.names_in(self.data, "users"))

    def test_default_data_directory_is_dot_data(self):
        proc = run_cli(self.user_cmd(), None, input=PASSWORD + "\n", cwd=self.tmp)
        self.assertCliOk(proc)
        default = os.path.join(self.tmp, "data")
        self.assertTrue(os.path.isfile(fh.db_path(default)), os.listdir(self.tmp))
        self.assertIn("carol", fh.names_in(default, "users"))


class UserTest(fh.ForgeTestCase):
    def setUp(self):
        self.data = os.path.join(fh.make_tempdir(self), "data")

    def test_create_with_password_stdin(self):
        proc = create_user(self.data, "carol", email="carol@example.org")
        self.assertCliOk(proc)
        rows = fh.find_by_name(self.data, "users", "carol")
        self.assertEqual(len(rows), 1, rows)
        row = rows[0]
        self.assertIn("carol@example.org", fh.row_text(row))
        self.assertTrue(str(row["password_hash"]).startswith("$argon2id$"), row)
        self.assertNotIn(PASSWORD.encode(), fh.db_bytes(self.data),
                         "the plain password must not be stored")
        self.assertFalse(row[admin_column(self.data)], "user must not be a site admin")
        self.assertNotIn(PASSWORD, proc.stdout + proc.stderr)

    def test_create_records_audit_row(self):
        self.assertCliOk(create_user(self.data, "first"))
        before = fh.audit_rows(self.data)
        self.assertCliOk(create_user(self.data, "carol"))
        self.assertNewAuditRow(before, self.data, "carol")

    def test_create_site_admin(self):
        self.assertCliOk(create_user(self.data, "boss", admin=True))
        self.assertCliOk(create_user(self.data, "plain"))
        col = admin_column(self.data)
        self.assertTrue(fh.find_by_name(self.data, "users", "boss")[0][col])
        self.assertFalse(fh.find_by_name(self.data, "users", "plain")[0][col])

    def test_generated_password(self):
        proc = create_user(self.data, "carol", password=None)
        self.assertCliOk(proc)
        line = fh.last_line(proc.stdout)
        m = re.match(r"^password: (\S+)$", line)
        self.assertIsNotNone(m, "last line must be 'password: <pw>':\n" + fh.describe(proc))
        pw = m.group(1)
        self.assertGreaterEqual(len(pw), 10)
        row = fh.find_by_name(self.data, "users", "carol")[0]
        self.assertTrue(str(row["password_hash"]).startswith("$argon2id$"), row)
        self.assertNotIn(pw.encode(), fh.db_bytes(self.data))
        proc2 = create_user(self.data, "dave", password=None)
        self.assertCliOk(proc2)
        self.assertNotEqual(fh.last_line(proc2.stdout), line, "passwords must be random")

    def test_password_length(self):
        # Nine characters: the line end must not count as the tenth.
        proc = create_user(self.data, "carol", password="123456789")
        self.assertCliFails(proc, code=1, mentions="password")
        proc = create_user(self.data, "carol", password="")
        self.assertCliFails(proc, code=1, mentions="password")
        if os.path.exists(fh.db_path(self.data)):
            self.assertNotIn("carol", fh.names_in(self.data, "users"))
        # Exactly ten characters is enough; no composition rules.
        self.assertCliOk(create_user(self.data, "carol", password="aaaaaaaaaa"))
        self.assertIn("carol", fh.names_in(self.data, "users"))

    def test_duplicate_user(self):
        self.assertCliOk(create_user(self.data, "carol"))
        before = fh.count(self.data, "users")
        proc = create_user(self.data, "carol", email="other@example.org")
        self.assertCliFails(proc, code=1, mentions="carol")
        self.assertEqual(fh.count(self.data, "users"), before)

    def test_bad_names(self):
        self.assertCliOk(create_user(self.data, "seed"))
        before = fh.names_in(self.data, "users")
        for name in BAD_NAMES:
            with self.subTest(name=name):
                proc = create_user(self.data, name, email="x@example.org")
                self.assertCliFails(proc, code=(1, 2) if not name else None)
                if name.isascii() and name.strip() and "\n" not in name and name:
                    self.assertEqual(proc.returncode, 1, fh.describe(proc))
                    if len(name) > 64:
                        # Echoing 65 characters is not needed; the limit must be named.
                        self.assertIn("64", proc.stderr, "stderr must name the limit")
                    else:
                        self.assertIn(name, proc.stderr, "stderr must name the bad name")
        self.assertEqual(fh.names_in(self.data, "users"), before)

    def test_good_names(self):
        for name in GOOD_NAMES:
            with self.subTest(name=name):
                self.assertCliOk(create_user(self.data, name))
        self.assertTrue(set(GOOD_NAMES) <= fh.names_in(self.data, "users"))


class GroupTest(fh.ForgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="forge-e2e-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.data = os.path.join(cls.tmp, "data")
        for name in ("alice", "bob", "carol", "dave", "erin"):
            proc = create_user(cls.data, name)
            if proc.returncode != 0:
                raise AssertionError("setup failed:\n" + fh.describe(proc))
        proc = run_cli(["admin", "group", "create", "team"], cls.data)
        if proc.returncode != 0:
            raise AssertionError("setup failed:\n" + fh.describe(proc))

    def membership(self, group, user):
        gid = id_of(self.data, "groups", group)
        uid = id_of(self.data, "users", user)
        rows = fh.rows_as_dicts(self.data, "group_members")
        gcol = column_like(rows[0], "group") if rows else "group_id"
        ucol = column_like(rows[0], "user") if rows else "user_id"
        found = [r for r in rows if r[gcol] == gid and r[ucol] == uid]
        return found[0] if found else None

    def add(self, group, user, role=None):
        args = ["admin", "group", "add-member", group, user]
        if role is not None:
            args += ["--role", role]
        return run_cli(args, self.data)

    def test_create_group(self):
        before = fh.audit_rows(self.data)
        proc = run_cli(["admin", "group", "create", "planning"], self.data)
        self.assertCliOk(proc)
        self.assertEqual(len(fh.find_by_name(self.data, "groups", "planning")), 1)
        self.assertNewAuditRow(before, self.data, "planning")

    def test_duplicate_group(self):
        proc = run_cli(["admin", "group", "create", "team"], self.data)
        self.assertCliFails(proc, code=1, mentions="team")
        self.assertEqual(len(fh.find_by_name(self.data, "groups", "team")), 1)

    def test_users_and_groups_share_one_namespace(self):
        proc = run_cli(["admin", "group", "create", "alice"], self.data)
        self.assertCliFails(proc, code=1, mentions="alice")
        self.assertEqual(fh.find_by_name(self.data, "groups", "alice"), [])
        proc = create_user(self.data, "team")
        self.assertCliFails(proc, code=1, mentions="team")
        self.assertEqual(fh.find_by_name(self.data, "users", "team"), [])

    def test_bad_group_names(self):
        before = fh.names_in(self.data, "groups")
        for name in BAD_NAMES:
            with self.subTest(name=name):
                proc = run_cli(["admin", "group", "create", name], self.data)
                self.assertCliFails(proc)
                if name.isascii() and name.strip() and "\n" not in name:
                    self.assertEqual(proc.returncode, 1, fh.describe(proc))
        self.assertEqual(fh.names_in(self.data, "groups"), before)

    def test_good_group_names(self):
        for name in ("g", "g-b.c_d", "g" * 64):
            with self.subTest(name=name):
                self.assertCliOk(run_cli(["admin", "group", "create", name], self.data))
                self.assertEqual(len(fh.find_by_name(self.data, "groups", name)), 1)

    def test_add_member_default_role_and_roles(self):
        self.assertCliOk(run_cli(["admin", "group", "create", "roles"], self.data))
        before = fh.audit_rows(self.data)
        self.assertCliOk(self.add("roles", "alice"))
        self.assertNewAuditRow(before, self.data, "roles", "alice")
        default = self.membership("roles", "alice")
        self.assertIsNotNone(default, "no group_members row for roles/alice")
        role_col = column_like(default, "role")
        values = {}
        for user, role in (("bob", "owner"), ("carol", "maintainer"), ("dave", "member"),
                           ("erin", "reporter")):
            self.assertCliOk(self.add("roles", user, role))
            row = self.membership("roles", user)
            self.assertIsNotNone(row, "no group_members row for roles/%s" % user)
            values[role] = row[role_col]
        self.assertEqual(len(set(values.values())), 4, "roles must differ: %r" % values)
        self.assertEqual(default[role_col], values["member"], "default role must be member")
        if isinstance(values["owner"], str):
            for role, value in values.items():
                self.assertEqual(value.lower(), role)

    def test_add_member_errors(self):
        self.assertCliOk(run_cli(["admin", "group", "create", "errs"], self.data))
        before = fh.count(self.data, "group_members")
        self.assertCliFails(self.add("errs", "alice", "emperor"), code=1, mentions="emperor")
        self.assertCliFails(self.add("errs", "nosuchuser"), code=1, mentions="nosuchuser")
        self.assertCliFails(self.add("nosuchgroup", "alice"), code=1, mentions="nosuchgroup")
        self.assertEqual(fh.count(self.data, "group_members"), before)
        self.assertIsNone(self.membership("errs", "alice"))


class ProjectTest(fh.ForgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="forge-e2e-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.data = os.path.join(cls.tmp, "data")
        steps = [
            lambda: create_user(cls.data, "alice"),
            lambda: create_user(cls.data, "bob"),
            lambda: run_cli(["admin", "group", "create", "town"], cls.data),
            lambda: run_cli(["admin", "group", "add-member", "town", "bob"], cls.data),
            lambda: run_cli(["admin", "project", "create", "alice/shared"], cls.data),
        ]
        for step in steps:
            proc = step()
            if proc.returncode != 0:
                raise AssertionError("setup failed:\n" + fh.describe(proc))

    def create(self, full, visibility=None):
        args = ["admin", "project", "create", full]
        if visibility:
            args += ["--visibility", visibility]
        return run_cli(args, self.data)

    def assertRepoFor(self, owner, name):
        row = project_row(self.data, owner, name)
        path = fh.repo_dir(self.data, row["id"])
        self.assertTrue(os.path.isdir(path), "repository %s missing; repos/ holds %r"
                        % (path, list(os.walk(os.path.join(self.data, "repos")))))
        self.assertTrue(is_bare_repo(path), "%s is not a bare git repository" % path)
        return row

    def test_create_user_project_default_private(self):
        before = fh.audit_rows(self.data)
        self.assertCliOk(self.create("alice/website"))
        self.assertNewAuditRow(before, self.data, "website")
        row = self.assertRepoFor("alice", "website")
        self.assertCliOk(self.create("alice/explicit-private", "private"))
        self.assertCliOk(self.create("alice/explicit-public", "public"))
        vis = column_like(row, "visib")
        private = project_row(self.data, "alice", "explicit-private")[vis]
        public = project_row(self.data, "alice", "explicit-public")[vis]
        self.assertEqual(row[vis], private, "default visibility must be private")
        self.assertNotEqual(public, private)
        if isinstance(private, str):
            self.assertEqual(private.lower(), "private")
            self.assertEqual(public.lower(), "public")

    def test_create_group_project_all_visibilities(self):
        for vis in ("public", "internal", "private"):
            with self.subTest(visibility=vis):
                self.assertCliOk(self.create("town/portal-" + vis, vis))
                self.assertRepoFor("town", "portal-" + vis)
        vis_col = column_like(project_row(self.data, "town", "portal-public"), "visib")
        values = {project_row(self.data, "town", "portal-" + v)[vis_col]
                  for v in ("public", "internal", "private")}
        self.assertEqual(len(values), 3)

    def test_repository_paths_use_ids_not_names(self):
        self.assertCliOk(self.create("alice/unique-name-xyz"))
        row = self.assertRepoFor("alice", "unique-name-xyz")
        repos = os.path.join(self.data, "repos")
        for dirpath, dirnames, filenames in os.walk(repos):
            for entry in dirnames + filenames:
                self.assertNotIn("unique-name-xyz", entry)
                self.assertNotIn("alice", entry)
            rel = os.path.relpath(dirpath, repos)
            if rel != "." and os.sep not in rel:
                self.assertRegex(rel, r"^[0-9a-f]{2}$")
        self.assertTrue(fh.repo_dir(self.data, row["id"]).startswith(repos))

    def test_create_errors(self):
        before = fh.count(self.data, "projects")
        self.assertCliFails(self.create("alice/shared"), code=1, mentions="shared")
        self.assertCliFails(self.create("nosuchowner/p"), code=1, mentions="nosuchowner")
        self.assertCliFails(self.create("alice/vis-test", "secret"), mentions="secret")
        self.assertCliFails(self.create("noslash"))
        for name in ("Upper", "-x", ".x", "x.git", "a" * 65, "\u00e4", "a b"):
            with self.subTest(name=name):
                self.assertCliFails(self.create("alice/" + name))
        self.assertEqual(fh.count(self.data, "projects"), before)

    def test_good_project_names(self):
        for name in ("p", "p-b.c_d", "p" * 64):
            with self.subTest(name=name):
                self.assertCliOk(self.create("alice/" + name))
                self.assertRepoFor("alice", name)

    def grant(self, project, who, level):
        return run_cli(["admin", "project", "grant", project, who, level], self.data)

    def grants_of(self, project_id):
        rows = fh.rows_as_dicts(self.data, "project_grants")
        if not rows:
            return []
        pcol = column_like(rows[0], "project")
        return [r for r in rows if r[pcol] == project_id]

    def test_grant_to_user_and_group(self):
        self.assertCliOk(self.create("alice/granted"))
        pid = project_row(self.data, "alice", "granted")["id"]
        before = fh.audit_rows(self.data)
        self.assertCliOk(self.grant("alice/granted", "bob", "read"))
        self.assertNewAuditRow(before, self.data, "granted", "bob")
        self.assertEqual(len(self.grants_of(pid)), 1)
        before = fh.audit_rows(self.data)
        self.assertCliOk(self.grant("alice/granted", "@town", "write"))
        self.assertNewAuditRow(before, self.data, "granted", "town")
        grants = self.grants_of(pid)
        self.assertEqual(len(grants), 2, grants)
        bob = id_of(self.data, "users", "bob")
        town = id_of(self.data, "groups", "town")
        ucol = column_like(grants[0], "user")
        gcol = column_like(grants[0], "group")
        self.assertEqual(sum(1 for g in grants if g[ucol] == bob), 1, grants)
        self.assertEqual(sum(1 for g in grants if g[gcol] == town), 1, grants)
        for level in ("maintain", "admin"):
            with self.subTest(level=level):
                self.assertCliOk(self.grant("alice/granted", "bob", level))

    def test_grant_errors(self):
        self.assertCliOk(self.create("alice/nogrant"))
        before = fh.count(self.data, "project_grants")
        self.assertCliFails(self.grant("alice/nogrant", "bob", "owner"), code=1,
                            mentions="owner")
        self.assertCliFails(self.grant("alice/nogrant", "nosuchuser", "read"), code=1,
                            mentions="nosuchuser")
        self.assertCliFails(self.grant("alice/nogrant", "@nosuchgroup", "read"), code=1,
                            mentions="nosuchgroup")
        self.assertCliFails(self.grant("alice/nosuchproject", "bob", "read"), code=1,
                            mentions="nosuchproject")
        self.assertCliFails(self.grant("nosuchowner/nogrant", "bob", "read"), code=1)
        self.assertEqual(fh.count(self.data, "project_grants"), before)

    def test_protect_branch(self):
        self.assertCliOk(self.create("alice/protected"))
        before = fh.audit_rows(self.data)
        proc = run_cli(["admin", "project", "protect", "alice/protected", "release/e2e-branch"],
                       self.data)
        self.assertCliOk(proc)
        self.assertNewAuditRow(before, self.data, "protected", "release/e2e-branch")
        tables = fh.tables_containing(self.data, "release/e2e-branch") - {"audit_log"}
        self.assertTrue(tables, "the protected branch is stored nowhere but the audit log")

    def test_protect_errors(self):
        proc = run_cli(["admin", "project", "protect", "alice/nosuchproject", "main"], self.data)
        self.assertCliFails(proc, code=1, mentions="nosuchproject")


class TokenTest(fh.ForgeTestCase):
    def setUp(self):
        self.data = os.path.join(fh.make_tempdir(self), "data")
        self.assertCliOk(create_user(self.data, "alice"))

    def create_token(self, user, label):
        return run_cli(["admin", "token", "create", user, "--name", label], self.data)

    def test_token_is_stored_as_sha256_only(self):
        before = fh.audit_rows(self.data)
        proc = self.create_token("alice", "ci-label")
        self.assertCliOk(proc)
        token = fh.last_line(proc.stdout)
        self.assertRegex(token, r"^\S{32,}$", "the token must be alone on the last line:\n"
                         + fh.describe(proc))
        self.assertNotIn(token.encode(), fh.db_bytes(self.data),
                         "the plaintext token must not be stored")
        self.assertNewAuditRow(before, self.data, "alice", "ci-label")
        rows = fh.rows_as_dicts(self.data, "tokens")
        self.assertEqual(len(rows), 1, rows)
        stored = rows[0]["hash"]
        digest = hashlib.sha256(token.encode()).digest()
        if isinstance(stored, bytes):
            self.assertEqual(stored, digest)
        else:
            self.assertEqual(str(stored).lower(), digest.hex())
        self.assertIn("ci-label", fh.row_text(rows[0]))
        ucol = column_like(rows[0], "user")
        self.assertEqual(rows[0][ucol], id_of(self.data, "users", "alice"))

    def test_tokens_are_random(self):
        t1 = fh.last_line(self.create_token("alice", "one").stdout)
        t2 = fh.last_line(self.create_token("alice", "two").stdout)
        self.assertNotEqual(t1, t2)
        self.assertEqual(fh.count(self.data, "tokens"), 2)

    def test_token_for_unknown_user(self):
        proc = self.create_token("nosuchuser", "x")
        self.assertCliFails(proc, code=1, mentions="nosuchuser")
        self.assertEqual(fh.count(self.data, "tokens"), 0)


class DatabaseTest(fh.ForgeTestCase):
    def test_wal_mode_and_tables(self):
        data = os.path.join(fh.make_tempdir(self), "data")
        self.assertCliOk(create_user(data, "alice"))
        self.assertEqual(fh.query(data, "PRAGMA journal_mode")[0][0].lower(), "wal")
        tables = fh.table_names(data)
        for t in ("users", "groups", "group_members", "projects", "project_grants", "tokens",
                  "sessions", "audit_log"):
            self.assertIn(t, tables)
        con = fh.open_db(data)
        try:
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        finally:
            con.close()


class CliWithServerTest(fh.ForgeTestCase):
    def setUp(self):
        self.data = os.path.join(fh.make_tempdir(self), "data")
        self.server = fh.start_server(self, self.data)

    def assertHealthy(self):
        resp = self.server.request("GET", "/healthz")
        self.assertEqual((resp.status, resp.body), (200, b"ok\n"))

    def test_cli_while_serving(self):
        self.assertHealthy()
        self.assertCliOk(create_user(self.data, "carol"))
        self.assertCliOk(run_cli(["admin", "project", "create", "carol/live"], self.data))
        self.assertCliOk(run_cli(["admin", "token", "create", "carol", "--name", "t"],
                                 self.data))
        self.assertHealthy()
        self.assertIn("carol", fh.names_in(self.data, "users"))
        self.assertIsNone(self.server.proc.poll(), "the server must still run")

    def test_parallel_user_creation(self):
        names = ["par%d" % i for i in range(8)]
        # Every process gets its whole stdin at once (a file), so that none waits for
        # input while another one waits for it.
        pw_file = os.path.join(fh.make_tempdir(self), "password")
        with open(pw_file, "w") as f:
            f.write(PASSWORD + "\n")
        procs = []
        for name in names:
            args = [fh.FORGE_BIN, "admin", "user", "create", name, "--email",
                    name + "@example.org", "--password-stdin"]
            with open(pw_file, "rb") as stdin:
                p = subprocess.Popen(args, stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=fh.clean_env(self.data),
                                     text=True, errors="replace")
            self.addCleanup(lambda p=p: p.poll() is None and p.kill())
            procs.append(p)
        results = []
        deadline = time.monotonic() + fh.CLI_TIMEOUT * 2
        for p in procs:
            out, err = p.communicate(timeout=max(1, deadline - time.monotonic()))
            results.append((p.returncode, out, err))
        for name, (code, out, err) in zip(names, results):
            self.assertEqual(code, 0, "%s: exit=%r stderr=%r" % (name, code, err))
            self.assertNotIn("locked", err.lower())
        self.assertTrue(set(names) <= fh.names_in(self.data, "users"))
        self.assertHealthy()


if __name__ == "__main__":
    unittest.main()
