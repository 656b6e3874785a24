# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
#
# Sourced by the benchmark scripts in this directory.
#
# bench_install NAME PACKAGE...: installs the Debian packages named (duplicates are
# dropped) with apt-get, as root; NAME prefixes the messages. Without packages it does
# nothing; not being root exits with status 2. Installing a package with a service
# (lighttpd) must not start a system-wide server on port 80: where no policy-rc.d forbids
# starting services, one is put in place for the install only.

bench_install() {
    local name=$1
    shift
    [ "$#" -gt 0 ] || return 0
    local need
    mapfile -t need < <(printf '%s\n' "$@" | awk '!seen[$0]++')
    if [ "$(id -u)" -ne 0 ]; then
        echo "$name: missing ${need[*]}; run as root to install them with apt-get," \
             "or install them yourself" >&2
        exit 2
    fi
    echo "$name: installing with apt-get: ${need[*]}"
    local policy=/usr/sbin/policy-rc.d
    bench_made_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# temporary, from tests/bench/bench_common.sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        bench_made_policy=1
        trap '[ "$bench_made_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
    if [ "$bench_made_policy" = 1 ]; then
        rm -f "$policy"
        bench_made_policy=0
    fi
    echo "$name: installed ${need[*]}"
}
