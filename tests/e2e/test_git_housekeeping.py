# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Housekeeping: once pushes have piled up packs, the forge repacks the repository in
the background into one pack with a bitmap, and fetches keep working meanwhile."""

import os
import time

import git_fixtures as gf
from test_git_http import GitHttpCase

REPACK_THRESHOLD = 8  # gitcore::repack_threshold


class HousekeepingTest(GitHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_user("alice")

    def pack_files(self, git_dir, suffix):
        return [name for name in gf.pack_listing(git_dir) if name.endswith(suffix)]

    def test_pushes_are_repacked_with_a_bitmap(self):
        project = "alice/" + self.new_name("busy")
        self.create_project(project, "private")
        git_dir = self.git_dir(project)
        local, _ = self.clone(self.url(project, "alice"))
        tips = []
        for i in range(REPACK_THRESHOLD):
            tips.append(self.git.commit(local, "change %d" % i, {"file.txt": "v%d\n" % i}))
            self.push(local, "origin", "main", check=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            packs = self.pack_files(git_dir, ".pack")
            if len(packs) == 1 and self.pack_files(git_dir, ".bitmap"):
                break
            time.sleep(0.2)
        self.assertEqual(len(self.pack_files(git_dir, ".pack")), 1,
                         "repository was not repacked: %s" % gf.pack_listing(git_dir))
        self.assertEqual(len(self.pack_files(git_dir, ".bitmap")), 1, "no bitmap written")
        self.assertFalse(os.path.exists(os.path.join(git_dir, "forge-repack.lock")))
        # Nothing was lost, and clones still work.
        again, _ = self.clone(self.url(project, "alice"))
        self.assertEqual(self.git.rev(again, "HEAD"), tips[-1])
        history = self.git.out(["rev-list", "HEAD"], cwd=again).split()
        self.assertEqual(set(tips), set(tips) & set(history))
        self.git.fsck(again)

    def test_few_pushes_leave_packs_alone(self):
        project = "alice/" + self.new_name("calm")
        self.create_project(project, "private")
        git_dir = self.git_dir(project)
        local, _ = self.clone(self.url(project, "alice"))
        for i in range(3):
            self.git.commit(local, "change %d" % i, {"file.txt": "v%d\n" % i})
            self.push(local, "origin", "main", check=True)
        time.sleep(0.5)
        self.assertEqual(len(self.pack_files(git_dir, ".pack")), 3)
        self.assertEqual(self.pack_files(git_dir, ".bitmap"), [])
