# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""The pack cache: identical fetches are answered from <data>/cache/packs instead of
running pack-objects again; different requests get their own entries; size 0 turns the
cache off."""

import os
import time

import git_fixtures as gf
from test_git_http import GitHttpCase


def cached_packs(data_dir):
    directory = os.path.join(data_dir, "cache", "packs")
    if not os.path.isdir(directory):
        return []
    return sorted(os.path.join(directory, name) for name in os.listdir(directory)
                  if name.endswith(".pack"))


def seed_public_project(case, project, commits):
    """Creates alice's public `project` with a linear history; returns its tip."""
    case.create_user("alice")
    case.create_project(project, "public")
    seed = os.path.join(case.tmp, "seed")
    gf.linear_history(case.git, seed, commits)
    case.git.run(["push", "-q", case.git_dir(project), "HEAD:refs/heads/main"], cwd=seed)
    return case.git.rev(seed, "HEAD")


class PackCacheTest(GitHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tip = seed_public_project(cls, "alice/cached", 12)

    def test_identical_clones_share_one_cached_pack(self):
        first, _ = self.clone(self.url("alice/cached"))
        entries = cached_packs(self.data)
        self.assertEqual(len(entries), 1, "the first clone should fill the cache")
        with open(entries[0], "rb") as f:
            self.assertEqual(f.read(4), b"PACK")
        # Age the entry; a hit marks it as used again.
        os.utime(entries[0], (time.time() - 3600, time.time() - 3600))
        aged = os.path.getmtime(entries[0])
        second, _ = self.clone(self.url("alice/cached"))
        self.assertEqual(cached_packs(self.data), entries, "a repeated clone made a new entry")
        self.assertGreater(os.path.getmtime(entries[0]), aged, "the cached pack was not used")
        self.assertEqual(self.git.rev(second, "HEAD"), self.tip)
        self.git.fsck(second)
        self.assertEqual(gf.tree_listing(self.git, first), gf.tree_listing(self.git, second))
        # A different request has its own entry.
        shallow, _ = self.clone(self.url("alice/cached"), "--depth", "1")
        self.assertEqual(len(cached_packs(self.data)), 2)
        self.assertEqual(self.git.rev(shallow, "HEAD"), self.tip)


class PackCacheDisabledTest(GitHttpCase):
    server_env = {"FORGE_CACHE_PACKS": "0"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        seed_public_project(cls, "alice/uncached", 3)

    def test_size_zero_caches_nothing(self):
        self.clone(self.url("alice/uncached"))
        self.clone(self.url("alice/uncached"))
        self.assertEqual(cached_packs(self.data), [])
