# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Git-side helpers for the smart-HTTP end-to-end tests: running the real `git`
client in a clean environment, building small repositories with known content,
pkt-line encoding and decoding, and looking at the bare repositories on the
server's disk.

Every subprocess has a timeout. Repositories are built with fixed author and
committer dates, so that the same script always makes the same history.
"""

import base64
import gzip
import hashlib
import os
import subprocess
import urllib.parse

GIT_TIMEOUT = 60

AUTHOR_NAME = "Forge Tester"
AUTHOR_EMAIL = "tester@example.org"

# 2021-03-01 00:00:00 UTC; commit i of a linear history is dated one day later per step.
BASE_EPOCH = 1614556800
DAY = 86400


# ---------------------------------------------------------------------------
# Running git


class GitError(AssertionError):
    pass


def git_env(home, extra=None):
    """An environment for git that no user or system configuration reaches."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k not in ("SSH_ASKPASS", "HOME", "XDG_CONFIG_HOME")}
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        # Proxies would break loopback requests.
        "no_proxy": "*",
        "NO_PROXY": "*",
    })
    for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        env.pop(k, None)
    if extra:
        env.update(extra)
    return env


class Git:
    """Runs `git` with a private HOME, identity and defaults set with `-c`.

    `protocol` (0, 1, 2 or None for git's default) is passed as protocol.version.
    """

    def __init__(self, home, protocol=None):
        self.home = home
        os.makedirs(home, exist_ok=True)
        self.protocol = protocol

    def with_protocol(self, protocol):
        return Git(self.home, protocol)

    def base_args(self):
        args = [
            "git",
            "-c", "user.name=" + AUTHOR_NAME,
            "-c", "user.email=" + AUTHOR_EMAIL,
            "-c", "init.defaultBranch=main",
            "-c", "core.quotePath=false",
            "-c", "advice.detachedHead=false",
            "-c", "credential.helper=",
            "-c", "gc.auto=0",
            "-c", "maintenance.auto=false",
            "-c", "fetch.fsckObjects=true",
            "-c", "transfer.fsckObjects=true",
        ]
        if self.protocol is not None:
            args += ["-c", "protocol.version=%d" % self.protocol]
        return args

    def run(self, args, cwd=None, input=None, env=None, timeout=GIT_TIMEOUT, check=True,
            binary=False):
        """Run git; returns CompletedProcess (text unless binary). Raises GitError
        with the full output when `check` and the exit status is not 0."""
        full_env = git_env(self.home, env)
        proc = subprocess.run(
            self.base_args() + list(args),
            cwd=cwd,
            input=input if input is not None else (b"" if binary else ""),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=full_env,
            timeout=timeout,
            text=not binary,
            encoding=None if binary else "utf-8",
            errors=None if binary else "replace",
        )
        if check and proc.returncode != 0:
            raise GitError("git %s failed (cwd=%s):\n%s" % (" ".join(args), cwd, describe(proc)))
        return proc

    def popen(self, args, cwd=None, env=None):
        """Start git in the background (stdout and stderr piped, text)."""
        return subprocess.Popen(
            self.base_args() + list(args),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=git_env(self.home, env),
            text=True,
            encoding="utf-8",
            errors="replace",
        )

    def out(self, args, cwd=None, **kw):
        return self.run(args, cwd=cwd, **kw).stdout.strip()

    # -- small conveniences

    def rev(self, cwd, rev):
        """The object id that `rev` names (e.g. "v1.0" -> the tag object,
        "v1.0^{commit}" -> the commit)."""
        return self.out(["rev-parse", "--verify", "--end-of-options", rev], cwd=cwd)

    def commit(self, cwd, message, files=None, epoch=None, allow_empty=True):
        """Write `files` ({path: bytes|str}), stage everything and commit with a fixed date."""
        for path, content in (files or {}).items():
            full = os.path.join(cwd, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(content.encode("utf-8") if isinstance(content, str) else content)
        self.run(["add", "-A"], cwd=cwd)
        args = ["commit", "-q", "-m", message]
        if allow_empty:
            args.append("--allow-empty")
        self.run(args, cwd=cwd, env=dates(epoch if epoch is not None else BASE_EPOCH))
        return self.out(["rev-parse", "HEAD"], cwd=cwd)

    def refs(self, git_dir):
        """{refname: object id} of a repository (work tree or bare)."""
        return parse_for_each_ref(self.out(
            ["--git-dir=" + git_dir_of(git_dir), "for-each-ref",
             "--format=%(objectname) %(refname)"]))

    def ls_remote(self, url, extra=(), check=True):
        """(CompletedProcess, {refname: oid}) of `git ls-remote URL`."""
        proc = self.run(["ls-remote"] + list(extra) + [url], check=check)
        return proc, parse_ls_remote(proc.stdout)

    def fsck(self, cwd):
        return self.run(["fsck", "--strict", "--no-progress", "--no-dangling"], cwd=cwd)


def dates(epoch):
    d = "@%d +0000" % epoch
    return {"GIT_AUTHOR_DATE": d, "GIT_COMMITTER_DATE": d}


def git_dir_of(path):
    dotgit = os.path.join(path, ".git")
    return dotgit if os.path.isdir(dotgit) else path


def describe(proc):
    return "exit=%r\nstdout=%s\nstderr=%s" % (
        proc.returncode, _short(proc.stdout), _short(proc.stderr))


def _short(text, limit=4000):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = text or ""
    return repr(text if len(text) <= limit else text[:limit] + "...[%d more]" % (len(text) - limit))


def parse_for_each_ref(text):
    refs = {}
    for line in text.splitlines():
        if line.strip():
            oid, name = line.split(" ", 1)
            refs[name] = oid
    return refs


def parse_ls_remote(text):
    """{refname: oid} from `git ls-remote` output; `ref: ...` symref lines are skipped."""
    refs = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("ref: "):
            continue
        oid, name = line.split("\t", 1)
        refs[name] = oid
    return refs


def symrefs_of_ls_remote(text):
    """{name: target} from `git ls-remote --symref` output."""
    out = {}
    for line in text.splitlines():
        if line.startswith("ref: "):
            target, name = line[5:].split("\t", 1)
            out[name] = target
    return out


# ---------------------------------------------------------------------------
# URLs


def repo_url(port, owner, name, user=None, password=None, suffix=".git", host="127.0.0.1"):
    """http://[user:password@]127.0.0.1:PORT/owner/name.git, credentials percent-encoded."""
    cred = ""
    if user is not None or password is not None:
        cred = urllib.parse.quote(user or "", safe="")
        if password is not None:
            cred += ":" + urllib.parse.quote(password, safe="")
        cred += "@"
    return "http://%s%s:%d/%s/%s%s" % (cred, host, port, owner, name, suffix)


def basic_auth(user, password):
    raw = ("%s:%s" % (user, password)).encode("utf-8")
    return "Basic " + base64.b64encode(raw).decode("ascii")


# ---------------------------------------------------------------------------
# Fixture repositories


BINARY_CONTENT = bytes(range(256)) * 8 + b"\x00\xff\x00tail"
NON_ASCII_NAME = "gr\u00f6\u00dfe.txt"
NON_ASCII_CONTENT = "Gr\u00f6\u00dfe: 42 \u20ac\n"


class RichRepo:
    """A small repository with the things a transfer must keep intact.

    History (all dates fixed):
        c1  README.md, bin.dat (binary), run.sh (executable), link (symlink to
            README.md), größe.txt (non-ASCII name), dir/sub/deep.txt,
            "with space.txt"                                  <- tag v1.0 (annotated)
        c2  README.md changed                                 <- tag light (lightweight)
        c3  more.txt                                          <- main
        c2 -- f1 feature.txt                                  <- feature
    """

    def __init__(self, git, path):
        self.git = git
        self.path = path
        os.makedirs(path, exist_ok=True)
        g = git
        g.run(["init", "-q", "-b", "main", path])
        files = {
            "README.md": "# Rich\n\nA fixture repository.\n",
            "bin.dat": BINARY_CONTENT,
            "run.sh": "#!/bin/sh\necho hello\n",
            NON_ASCII_NAME: NON_ASCII_CONTENT,
            "dir/sub/deep.txt": "deep\n",
            "with space.txt": "space\n",
        }
        for rel, content in files.items():
            full = os.path.join(path, rel)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(os.path.join(path, "run.sh"), 0o755)
        os.symlink("README.md", os.path.join(path, "link"))
        self.c1 = g.commit(path, "c1: initial", epoch=BASE_EPOCH)
        g.run(["tag", "-a", "v1.0", "-m", "Release 1.0"], cwd=path,
              env=dates(BASE_EPOCH + 10))
        self.c2 = g.commit(path, "c2: readme", {"README.md": "# Rich\n\nChanged.\n"},
                           epoch=BASE_EPOCH + DAY)
        g.run(["tag", "light"], cwd=path)
        g.run(["checkout", "-q", "-b", "feature"], cwd=path)
        self.f1 = g.commit(path, "f1: feature", {"feature.txt": "feature\n"},
                           epoch=BASE_EPOCH + 2 * DAY)
        g.run(["checkout", "-q", "main"], cwd=path)
        self.c3 = g.commit(path, "c3: more", {"more.txt": "more\n"}, epoch=BASE_EPOCH + 3 * DAY)
        self.tag_object = g.out(["rev-parse", "refs/tags/v1.0"], cwd=path)

    def expected_refs(self):
        """The refs a server holding everything advertises (without HEAD and peeled tags)."""
        return {
            "refs/heads/main": self.c3,
            "refs/heads/feature": self.f1,
            "refs/tags/v1.0": self.tag_object,
            "refs/tags/light": self.c2,
        }

    def expected_ls_remote(self):
        """What `git ls-remote` shows: HEAD, the refs and the peeled annotated tag."""
        refs = dict(self.expected_refs())
        refs["HEAD"] = self.c3
        refs["refs/tags/v1.0^{}"] = self.c1
        return refs


def linear_history(git, path, n, prefix="c", start=BASE_EPOCH, step=DAY):
    """A repository with `n` commits on main, commit i (1-based) dated start + (i-1)*step,
    each adding file-i.txt and rewriting log.txt (so older commits have blobs that the
    newest tree does not). Returns the list of commit ids, oldest first."""
    if not os.path.isdir(os.path.join(path, ".git")):
        git.run(["init", "-q", "-b", "main", path])
    commits = []
    for i in range(1, n + 1):
        commits.append(git.commit(path, "%s%d" % (prefix, i),
                                  {"file-%d.txt" % i: ("%s %d\n" % (prefix, i)) * (i + 1),
                                   "log.txt": "last change: %s%d\n" % (prefix, i)},
                                  epoch=start + (i - 1) * step))
    return commits


def fast_history(git, path, n, ref, parent, prefix="fast", start=BASE_EPOCH):
    """`n` commits on `ref` on top of `parent`, made by one `git fast-import` (much faster
    than `n` runs of git commit). Each rewrites fast.txt. Returns the new tip."""
    stream = b""
    for i in range(1, n + 1):
        content = ("%s %d\n" % (prefix, i)).encode()
        message = ("%s %d\n" % (prefix, i)).encode()
        stream += b"commit %s\n" % ref.encode()
        stream += b"committer %s <%s> %d +0000\n" % (AUTHOR_NAME.encode(), AUTHOR_EMAIL.encode(),
                                                      start + i)
        stream += b"data %d\n%s\n" % (len(message), message)
        if i == 1:
            stream += b"from %s\n" % parent.encode()
        stream += b"M 100644 inline fast.txt\ndata %d\n%s\n" % (len(content), content)
    git.run(["fast-import", "--quiet"], cwd=path, input=stream, binary=True)
    return git.out(["rev-parse", "--verify", ref], cwd=path)


def tree_listing(git, cwd, rev="HEAD"):
    """[(mode, type, oid, path)] of `git ls-tree -r -z REV`, paths decoded as UTF-8."""
    out = git.run(["ls-tree", "-r", "-z", "--end-of-options", rev], cwd=cwd, binary=True).stdout
    entries = []
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, typ, oid = meta.decode().split(" ")
        entries.append((mode, typ, oid, path.decode("utf-8")))
    return sorted(entries, key=lambda e: e[3])


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_random_file(path, size, seed=b"forge"):
    """`size` pseudo-random (incompressible, reproducible) bytes; returns their SHA-256."""
    h = hashlib.sha256()
    counter = 0
    with open(path, "wb") as f:
        written = 0
        while written < size:
            # SHAKE gives fast reproducible bytes; one MiB per round.
            block = hashlib.shake_256(seed + counter.to_bytes(8, "big")).digest(
                min(1 << 20, size - written))
            f.write(block)
            h.update(block)
            written += len(block)
            counter += 1
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Server-side repositories


def server_git_dir(data_dir, project_id):
    return os.path.join(data_dir, "repos", "%02x" % (int(project_id) % 256),
                        "%d.git" % int(project_id))


def pack_listing(git_dir):
    """Sorted names of the files in objects/pack (missing dir -> [])."""
    d = os.path.join(git_dir, "objects", "pack")
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def object_files(git_dir):
    """Sorted relative paths of every file under objects/ (loose objects, packs, temp files)
    except objects/info."""
    root = os.path.join(git_dir, "objects")
    found = []
    for dirpath, _dirs, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel == "info" or rel.startswith("info" + os.sep):
            continue
        for f in files:
            found.append(os.path.normpath(os.path.join(rel, f)))
    return sorted(found)


# ---------------------------------------------------------------------------
# pkt-line


def pkt(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return b"%04x" % (len(data) + 4) + data


FLUSH = b"0000"
DELIM = b"0001"
RESPONSE_END = b"0002"


def parse_pkt_lines(data, strict=True):
    """Split `data` into pkt-lines: a list of bytes payloads, with the special packets
    as the strings 'flush', 'delim' and 'end'. With strict=False a malformed tail is
    returned as ('rest', bytes) instead of raising."""
    out = []
    i = 0
    while i < len(data):
        head = data[i:i + 4]
        try:
            if len(head) < 4:
                raise ValueError("short length")
            n = int(head, 16)
        except ValueError:
            if strict:
                raise AssertionError("malformed pkt-line at %d: %r" % (i, data[i:i + 40]))
            out.append(("rest", data[i:]))
            return out
        if n == 0:
            out.append("flush")
            i += 4
        elif n == 1:
            out.append("delim")
            i += 4
        elif n == 2:
            out.append("end")
            i += 4
        elif n < 4 or i + n > len(data):
            if strict:
                raise AssertionError("bad pkt-line length %d at %d of %d" % (n, i, len(data)))
            out.append(("rest", data[i:]))
            return out
        else:
            out.append(data[i + 4:i + n])
            i += n
    return out


def demux_sideband(packets):
    """Split side-band packets into (channel1 bytes, channel2 bytes, channel3 bytes)."""
    chans = {1: b"", 2: b"", 3: b""}
    for p in packets:
        if isinstance(p, bytes) and p and p[0] in chans:
            chans[p[0]] += p[1:]
    return chans[1], chans[2], chans[3]


def parse_advertisement(body):
    """Parse a v0 smart-HTTP ref advertisement.

    Returns (service_line, refs {name: oid}, capabilities set). The body must start with
    `# service=...` and a flush packet."""
    packets = parse_pkt_lines(body)
    if len(packets) < 2 or not isinstance(packets[0], bytes):
        raise AssertionError("advertisement too short: %r" % body[:200])
    service = packets[0].rstrip(b"\n").decode()
    if packets[1] != "flush":
        raise AssertionError("no flush after the service line: %r" % packets[:3])
    refs = {}
    caps = set()
    first = True
    for p in packets[2:]:
        if p == "flush":
            break
        if not isinstance(p, bytes):
            raise AssertionError("unexpected special packet %r in advertisement" % (p,))
        line = p.rstrip(b"\n")
        if first and b"\0" in line:
            line, capstr = line.split(b"\0", 1)
            caps = set(capstr.decode().split())
        first = False
        oid, name = line.decode("utf-8").split(" ", 1)
        refs[name] = oid
    return service, refs, caps


def gzip_bytes(data):
    return gzip.compress(data, mtime=0)


ZERO_OID = "0" * 40
