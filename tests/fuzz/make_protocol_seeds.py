#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
"""Writes the seed corpora of the upload_request and receive_commands fuzz targets.

The valid seeds are requests as git 2.39 sends them over smart HTTP (captured shapes, not
downloads), naming the object ids of the fixture history in
tests/unit/gitcore/git_fixture.h, so that they get past parsing into negotiation and
packing. The others are truncated, malformed or unknown requests. Run it from anywhere;
it rewrites tests/fuzz/corpus/<target>/ next to it.
"""
import pathlib

C1 = "287e3b28a7c7aed35783ccc716f1b5038460d479"
C2 = "af519b193de6eb0c6c894885e58c3d1d467c22cf"
C3 = "6b52cfc1909c1c9e9e5444967c579e8bef267111"
C4 = "7dd9b1b255a1e2b46c3fe1c4a9db42cd06156a7c"
S1 = "425c759dac6ff223f36c2e4a23e05de663f4fca7"
V1 = "c8a17faaaef66de2e837429968c8d28f12d4a3e4"
BLOB = "285a4e602221896cc1cf7af42aa5e3876582a0de"  # main:file.txt
UNKNOWN = "1111111111111111111111111111111111111111"
ZERO = "0" * 40

FLUSH, DELIM = b"0000", b"0001"
AGENT = "agent=git/2.39.5"
V0_CAPS = "multi_ack_detailed no-done side-band-64k thin-pack include-tag ofs-delta " \
          "deepen-since deepen-not " + AGENT
V0_SHALLOW_CAPS = "multi_ack_detailed no-done side-band-64k thin-pack ofs-delta shallow " \
                  "deepen-since deepen-not " + AGENT
PUSH_CAPS = "report-status-v2 side-band-64k quiet atomic object-format=sha1 " + AGENT
# The start of a pack: enough for the parsers, which stop before it.
PACK = b"PACK\x00\x00\x00\x02\x00\x00\x00\x01"


def pkt(line):
    """One text packet: a str gets git's trailing newline, bytes go as they are."""
    payload = line if isinstance(line, bytes) else (line + "\n").encode()
    return b"%04x" % (len(payload) + 4) + payload


def packets(*items):
    return b"".join(item if item in (FLUSH, DELIM) else pkt(item) for item in items)


def v2(command, *arguments):
    return packets("command=" + command, AGENT, "object-format=sha1", DELIM, *arguments, FLUSH)


def wants(*ids, caps=V0_CAPS):
    return [f"want {ids[0]} {caps}"] + [f"want {id}" for id in ids[1:]]


UPLOAD_REQUEST = {
    # protocol v2
    "v2_ls_refs": v2("ls-refs", "peel", "symrefs", "unborn", "ref-prefix HEAD",
                     "ref-prefix refs/heads/", "ref-prefix refs/tags/"),
    "v2_fetch_clone": v2("fetch", "thin-pack", "ofs-delta", f"want {C4}", f"want {S1}",
                         f"want {V1}", f"want {BLOB}", "include-tag", "done"),
    "v2_fetch_round": v2("fetch", "thin-pack", "no-progress", "ofs-delta", f"want {C4}",
                         f"have {C3}", f"have {UNKNOWN}"),
    "v2_fetch_wait_for_done": v2("fetch", f"want {C4}", f"have {S1}", "wait-for-done"),
    "v2_fetch_shallow": v2("fetch", "ofs-delta", f"want {C4}", f"shallow {C3}",
                           "deepen-relative", "deepen 1", "filter blob:none", "done"),
    "v2_fetch_deepen_not": v2("fetch", "want-ref refs/heads/main", "deepen-not refs/heads/side",
                              "deepen-since 1700000150", "done"),
    "v2_fetch_unknown_deepen_not": v2("fetch", f"want {C4}", "deepen-not nope", "done"),
    "v2_sha256": packets("command=fetch", "object-format=sha256", DELIM, f"want {C4}", FLUSH),
    "v2_truncated": v2("ls-refs", "peel")[:-7],
    # protocol v0 over stateless HTTP
    "v0_clone": packets(*wants(C4, S1), FLUSH, "done"),
    "v0_round": packets(*wants(C4), FLUSH, f"have {C3}", f"have {UNKNOWN}", FLUSH),
    "v0_deepen_probe": packets(*wants(C4, caps=V0_SHALLOW_CAPS), "deepen 1", FLUSH),
    "v0_unshallow": packets(*wants(C4, caps=V0_SHALLOW_CAPS), f"shallow {C3}",
                            "deepen 2147483647", FLUSH, f"have {C3}", "done"),
    "v0_deepen_not": packets(*wants(C4, caps=V0_SHALLOW_CAPS + " deepen-relative"),
                             "deepen-not side", FLUSH, "done"),
    # git refuses these before answering; UploadPackV0 finds out only while answering.
    "v0_unknown_deepen_not": packets(*wants(C4, caps=V0_SHALLOW_CAPS), "deepen-not nope", FLUSH,
                                     "done"),
    "v0_relative_unknown_shallow": packets(*wants(C4, caps=V0_SHALLOW_CAPS + " deepen-relative"),
                                           f"shallow {UNKNOWN}", "deepen 1", FLUSH, "done"),
    "v0_shallow_blob": packets(*wants(C4, caps=V0_SHALLOW_CAPS), f"shallow {BLOB}", "deepen 1",
                               FLUSH, "done"),
    "v0_raw_pack": packets(f"want {C4} multi_ack ofs-delta", FLUSH, f"have {C2}", "done"),
    "v0_unreachable_want": packets(*wants(UNKNOWN), FLUSH, "done"),
    "garbage_length": b"00zzwant " + C4.encode() + b"\n0000",
}

RECEIVE_COMMANDS = {
    "create": packets(f"{ZERO} {C4} refs/heads/main\0{PUSH_CAPS}", FLUSH) + PACK,
    "update_delete": packets(f"{C3} {C4} refs/heads/main\0report-status side-band-64k atomic",
                             f"{S1} {ZERO} refs/heads/side", FLUSH) + PACK,
    "no_sideband": packets(f"{C2} {C3} refs/heads/main\0report-status", FLUSH) + PACK,
    "no_report": packets(f"{ZERO} {C4} refs/heads/topic", FLUSH) + PACK,
    "push_options": packets(f"{ZERO} {C4} refs/heads/main\0report-status push-options",
                            FLUSH, "ci.skip", "merge_request.create", FLUSH) + PACK,
    "funny_names": packets(f"{ZERO} {C4} refs/heads/a..b\0report-status-v2 side-band-64k",
                           f"{ZERO} {C4} HEAD", f"{ZERO} {C4} refs/heads/x\nnewline", FLUSH),
    "probe": FLUSH,
    "duplicate_ref": packets(f"{ZERO} {C4} refs/heads/main\0report-status",
                             f"{ZERO} {C3} refs/heads/main", FLUSH),
    "shallow_line": packets(f"shallow {C3}", f"{ZERO} {C4} refs/heads/main\0report-status",
                            FLUSH),
    "uppercase_id": packets(f"{ZERO} {C4.upper()} refs/heads/main\0report-status", FLUSH),
    "short_command": packets(f"{ZERO} {C4}", FLUSH),
    "no_flush": packets(f"{ZERO} {C4} refs/heads/main\0report-status"),
    "truncated": packets(f"{ZERO} {C4} refs/heads/main\0report-status", FLUSH)[:50],
    "delim": packets(f"{ZERO} {C4} refs/heads/main", DELIM, FLUSH),
    "options_unterminated": packets(f"{ZERO} {C4} refs/heads/main\0push-options", FLUSH,
                                    "ci.skip"),
}


def write(directory, seeds):
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.iterdir():
        old.unlink()
    for name, data in seeds.items():
        (directory / name).write_bytes(data)


if __name__ == "__main__":
    corpus = pathlib.Path(__file__).resolve().parent / "corpus"
    write(corpus / "upload_request", UPLOAD_REQUEST)
    write(corpus / "receive_commands", RECEIVE_COMMANDS)
