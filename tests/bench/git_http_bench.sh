#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
#
# Benchmark of the forge's git smart-HTTP server against `git http-backend` under
# lighttpd, side by side on 127.0.0.1. Run on demand, never by the test suite.
# See tests/bench/README.md. Installs what is missing (as root, with apt-get), then
# runs git_http_bench.py, which does the work and stops its servers on exit.
#
#   tests/bench/git_http_bench.sh
#   FORGE_BENCH_COMMITS=500 FORGE_BENCH_REPS=3 tests/bench/git_http_bench.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=bench_common.sh
. "$here/bench_common.sh"

bench_require git_http_bench python3=python3 git=git /usr/lib/git-core/git-http-backend=git curl=curl \
    'lighttpd|/usr/sbin/lighttpd=lighttpd'

# The Python script traps SIGINT/SIGTERM/SIGHUP itself and stops the servers it started.
exec python3 "$here/git_http_bench.py" "$@"
