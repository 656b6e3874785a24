#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
#
# Benchmark of the forge's web pages (summary, tree, blob, history, commit) against cgit
# as CGI under lighttpd, serving the same repository on 127.0.0.1: requests/s and p50/p99
# latency under 16 concurrent connections (wrk), ratios, and the forge's memory. Run on
# demand, never by the test suite; see tests/bench/README.md. Installs what is missing
# (as root, with apt-get), then runs web_ui_bench.py, which stops its servers on exit.
#
#   tests/bench/web_ui_bench.sh              # 15 s per page and server, about 5 minutes
#   tests/bench/web_ui_bench.sh --quick      # 3 s per page and server
#   FORGE_BIN=build-release/forge/forge tests/bench/web_ui_bench.sh --pages blob,commit
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=bench_common.sh
. "$here/bench_common.sh"

bench_require web_ui_bench python3=python3 git=git curl=curl wrk=wrk 'lighttpd|/usr/sbin/lighttpd=lighttpd' \
    /usr/lib/cgit/cgit.cgi=cgit

# The Python script traps SIGINT/SIGTERM/SIGHUP itself and stops the servers it started.
exec python3 "$here/web_ui_bench.py" "$@"
