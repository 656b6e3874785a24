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


class PackCacheTest(GitHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")
        cls.create_project("alice/cached", "public")
        seed = os.path.join(cls.tmp, "seed")
        gf.linear_history(cls.git, seed, 12)
        cls.git.run(["push", "-q", cls.git_dir("alice/cached"), "HEAD:refs/heads/main"],
                    cwd=seed)
        cls.tip = cls.git.rev(seed, "HEAD")

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
        cls.create_user("alice")
        cls.create_project("alice/uncached", "public")
        seed = os.path.join(cls.tmp, "seed")
        gf.linear_history(cls.git, seed, 3)
        cls.git.run(["push", "-q", cls.git_dir("alice/uncached"), "HEAD:refs/heads/main"],
                    cwd=seed)

    def test_size_zero_caches_nothing(self):
        self.clone(self.url("alice/uncached"))
        self.clone(self.url("alice/uncached"))
        self.assertEqual(cached_packs(self.data), [])
