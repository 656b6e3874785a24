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

need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v git >/dev/null 2>&1 || need+=(git)
[ -x /usr/lib/git-core/git-http-backend ] || need+=(git)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v lighttpd >/dev/null 2>&1 || [ -x /usr/sbin/lighttpd ] || need+=(lighttpd)

if [ "${#need[@]}" -gt 0 ]; then
    # Unique names, in order.
    mapfile -t need < <(printf '%s\n' "${need[@]}" | awk '!seen[$0]++')
    if [ "$(id -u)" -ne 0 ]; then
        echo "git_http_bench: missing ${need[*]}; run as root to install them with apt-get," \
             "or install them yourself" >&2
        exit 2
    fi
    echo "git_http_bench: installing with apt-get: ${need[*]}"
    # Installing lighttpd must not start a system-wide lighttpd on port 80: where no
    # policy-rc.d forbids starting services, put one in place for the install only.
    policy=/usr/sbin/policy-rc.d
    made_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# temporary, from tests/bench/git_http_bench.sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        made_policy=1
        trap '[ "$made_policy" = 1 ] && rm -f "$policy"' EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need[@]}"
    if [ "$made_policy" = 1 ]; then
        rm -f "$policy"
        made_policy=0
    fi
    echo "git_http_bench: installed ${need[*]}"
fi

# The Python script traps SIGINT/SIGTERM/SIGHUP itself and stops the servers it started.
exec python3 "$here/git_http_bench.py" "$@"
