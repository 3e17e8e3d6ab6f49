# shellcheck shell=bash
# Prometheus and promtool from Debian's `prometheus` package (2.42). Nothing runs at `up`: a test
# starts its own Prometheus on loopback (free port, temp storage) when it needs a server, and runs
# promtool (`check metrics`, `test rules`) as a command. prometheus_up only records where they are.
#
#   prometheus_install          apt-get install prometheus, leaving no server of the package running
#   prometheus_up   STATE_DIR   TESTBED_PROMETHEUS_BIN and TESTBED_PROMTOOL_BIN in testbed.env
#   prometheus_down STATE_DIR   nothing to stop
#
# Needs common.sh (tb_*) to be sourced first.

_PROMETHEUS_BIN=/usr/bin/prometheus
_PROMTOOL_BIN=/usr/bin/promtool

prometheus_install() {
    if [ -x "$_PROMETHEUS_BIN" ] && [ -x "$_PROMTOOL_BIN" ]; then
        return 0
    fi
    # The package's postinst starts its service through invoke-rc.d (there is no systemd here), and
    # fails the install if that start fails. A policy-rc.d that denies every action makes invoke-rc.d
    # skip the start and report success; one that already exists (container images ship one) stays.
    local policy=/usr/sbin/policy-rc.d ours="" rc=0
    if [ ! -e "$policy" ]; then
        tb_as_root sh -c "printf '#!/bin/sh\nexit 101\n' >$policy && chmod 0755 $policy" || return
        ours=1
    fi
    tb_apt_install prometheus || rc=$?
    if [ -n "$ours" ]; then
        tb_as_root rm -f "$policy"
    fi
    [ "$rc" -eq 0 ] || return "$rc"
    _prometheus_stop_service
    [ -x "$_PROMETHEUS_BIN" ] && [ -x "$_PROMTOOL_BIN" ] ||
        tb_fail "the prometheus package is installed but $_PROMETHEUS_BIN or $_PROMTOOL_BIN is missing"
}

# _prometheus_stop_service: stop the package's own server if something started it anyway (an init
# system that ignores policy-rc.d), so that no Prometheus outside the tests keeps running.
_prometheus_stop_service() {
    [ -x /etc/init.d/prometheus ] || return 0
    if tb_as_root /etc/init.d/prometheus status >/dev/null 2>&1; then
        tb_log "stopping the prometheus service the package started"
        tb_as_root /etc/init.d/prometheus stop >&2 || tb_log "warning: /etc/init.d/prometheus stop failed"
    fi
}

prometheus_up() {
    local state="$1" bin
    [ -n "$state" ] || { tb_fail "usage: prometheus_up STATE_DIR"; return; }
    for bin in "$_PROMETHEUS_BIN" "$_PROMTOOL_BIN"; do
        [ -x "$bin" ] || { tb_fail "$bin not installed (run: hack/testbed.sh install with the prometheus component)"; return; }
    done
    # A binary that is there but cannot run (wrong architecture, missing library) fails here, not in a test.
    "$_PROMTOOL_BIN" --version >/dev/null 2>&1 || { tb_fail "$_PROMTOOL_BIN --version failed"; return; }
    tb_env "$state" TESTBED_PROMETHEUS_BIN "$_PROMETHEUS_BIN"
    tb_env "$state" TESTBED_PROMTOOL_BIN "$_PROMTOOL_BIN"
}

prometheus_down() {
    tb_env_clear "$1" TESTBED_PROMETHEUS_
    tb_env_clear "$1" TESTBED_PROMTOOL_
}
