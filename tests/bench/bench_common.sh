# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: Forge contributors
#
# Sourced by the benchmark scripts in this directory.
#
# bench_require NAME WHAT=PACKAGE...: installs (with bench_install) the package of every
# WHAT that is missing. WHAT is a command looked up in PATH or an absolute path that must
# be executable, or several of them separated by `|`, of which one will do.
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

bench_require() {
    local name=$1 spec what found alternatives
    shift
    local need=()
    for spec in "$@"; do
        found=0
        IFS='|' read -r -a alternatives <<<"${spec%%=*}"
        for what in "${alternatives[@]}"; do
            case $what in
                /*) [ -x "$what" ] && found=1 ;;
                *) command -v "$what" >/dev/null 2>&1 && found=1 ;;
            esac
        done
        [ "$found" = 1 ] || need+=("${spec#*=}")
    done
    bench_install "$name" "${need[@]}"
}
