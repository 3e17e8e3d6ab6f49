# shellcheck shell=bash
# moto server (AWS mock; the test bed uses its Secrets Manager) on
# 127.0.0.1, plain HTTP.
#
#   moto_install              use moto_server from PATH, else pip-install
#                             'moto[server]' into $ROTATOR_CACHE/moto-venv
#   moto_up    STATE_DIR      start it, write env keys
#   moto_stop  STATE_DIR      stop it (port and recorded requests kept)
#   moto_start STATE_DIR      start it again on the same port; replays the
#                             recorded requests so the secrets come back
#   moto_down  STATE_DIR      stop it and delete its state
#
# moto keeps its data in memory. To keep the "same data" across stop/start,
# the server records every client request (moto's recorder, file
# STATE_DIR/moto/recording.jsonl) and moto_start replays that file after
# seeding moto's random generator with the same per-state-dir seed, so
# replayed secrets keep their names, ARNs, values, version ids and stage
# labels (dates are those of the replay).
#
# Env keys (STATE_DIR/testbed.env): TESTBED_MOTO_URL.
# Needs common.sh (tb_*) to be sourced first.

# moto_bin: path of the moto_server to use (fails if there is none).
moto_bin() {
    local venv
    venv="$(tb_cache_dir)/moto-venv"
    if [ -x "$venv/bin/moto_server" ] && [ -f "$venv/.rotator-complete" ]; then
        printf '%s\n' "$venv/bin/moto_server"
    elif command -v moto_server >/dev/null 2>&1; then
        command -v moto_server
    else
        return 1
    fi
}

moto_install() {
    local venv log
    moto_bin >/dev/null && return 0
    venv="$(tb_cache_dir)/moto-venv"
    log="$(tb_cache_dir)/moto-venv.install.log"
    mkdir -p "$(tb_cache_dir)" || return
    command -v python3 >/dev/null 2>&1 || tb_apt_install python3 || return
    # Debian's python3 needs python3-venv for `python3 -m venv` (with pip).
    if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        tb_apt_install python3-venv || return
    fi
    rm -rf "$venv"
    tb_log "installing moto[server] with pip into $venv"
    if ! python3 -m venv "$venv" >"$log" 2>&1; then
        tb_log_tail "$log"
        rm -rf "$venv"
        tb_fail "python3 -m venv $venv failed (log: $log)"
        return
    fi
    if ! "$venv/bin/python" -m pip install --timeout 30 --retries 2 'moto[server]' >>"$log" 2>&1; then
        tb_log_tail "$log" 10
        rm -rf "$venv"
        tb_fail "pip could not install 'moto[server]' (no reachable Python package index?); log: $log"
        return
    fi
    if [ ! -x "$venv/bin/moto_server" ]; then
        rm -rf "$venv"
        tb_fail "pip installed moto but no moto_server script appeared"
        return
    fi
    touch "$venv/.rotator-complete"
}

# _moto_api STATE_DIR METHOD PATH: call the moto management API.
_moto_api() {
    local port
    port=$(cat "$1/moto/port") || return
    python3 - "$port" "$2" "$3" <<'EOF'
import sys, urllib.request
port, method, path = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=b"" if method == "POST" else None)
with urllib.request.urlopen(req, timeout=60) as r:
    r.read()
EOF
}

moto_up() {
    local state="$1" sd
    [ -n "$state" ] || { tb_fail "usage: moto_up STATE_DIR"; return; }
    moto_install || return
    mkdir -p "$state/moto" || return
    state=$(cd "$state" && pwd) || return
    sd="$state/moto"
    [ -s "$sd/port" ] || tb_free_port >"$sd/port"
    moto_start "$state" || return
    tb_env "$state" TESTBED_MOTO_URL "http://127.0.0.1:$(cat "$sd/port")"
}

moto_start() {
    local state="$1" sd port bin
    [ -n "$state" ] || { tb_fail "usage: moto_start STATE_DIR"; return; }
    state=$(cd "$state" 2>/dev/null && pwd) || { tb_fail "no state dir $1"; return; }
    sd="$state/moto"
    tb_pidfile_alive "$sd/moto.pid" && return 0
    [ -s "$sd/port" ] || { tb_fail "no moto instance in $sd (run moto_up first)"; return; }
    bin=$(moto_bin) || { tb_fail "moto_server not installed (run moto_install)"; return; }
    port=$(cat "$sd/port")
    if tb_port_open "$port"; then
        tb_fail "port $port is already taken by another process; cannot start moto"
        return
    fi
    touch "$sd/recording.jsonl"
    [ -s "$sd/seed" ] || printf '%s\n' "$(( (RANDOM << 15) | RANDOM ))" >"$sd/seed"
    # Recording starts only after the start-up checks, seeding and replay
    # below, so that the recording holds exactly the clients' requests.
    tb_start_bg "$sd/moto.pid" "$sd/moto.log" \
        env MOTO_RECORDER_FILEPATH="$sd/recording.jsonl" \
        "$bin" -H 127.0.0.1 -p "$port" || return
    if ! tb_wait_port "$port" 60 "$sd/moto.pid"; then
        tb_log_tail "$sd/moto.log"
        tb_kill_pidfile "$sd/moto.pid"
        tb_fail "moto did not start on port $port (log: $sd/moto.log)"
        return
    fi
    # The port opens a moment before the app answers: wait for an answer.
    for _ in $(seq 1 100); do
        _moto_api "$state" GET /moto-api/data.json >/dev/null 2>&1 && break
        sleep 0.2
    done
    if ! _moto_api "$state" GET /moto-api/data.json >/dev/null 2>&1; then
        tb_log_tail "$sd/moto.log"
        tb_kill_pidfile "$sd/moto.pid"
        tb_fail "moto on port $port does not answer HTTP (log: $sd/moto.log)"
        return
    fi
    # Same seed + same requests in the same order = same ARNs and ids.
    if ! _moto_api "$state" POST "/moto-api/seed?a=$(cat "$sd/seed")" >>"$sd/moto.log" 2>&1; then
        tb_log "warning: seeding moto's random generator failed: replayed ids may differ"
    fi
    if [ -s "$sd/recording.jsonl" ]; then
        if ! _moto_api "$state" POST /moto-api/recorder/replay-recording >>"$sd/moto.log" 2>&1; then
            tb_log_tail "$sd/moto.log"
            tb_log "warning: moto restarted on port $port but replaying its recorded requests failed: its data may be missing"
        fi
    fi
    if ! _moto_api "$state" POST /moto-api/recorder/start-recording >>"$sd/moto.log" 2>&1; then
        tb_log_tail "$sd/moto.log"
        tb_log "warning: moto's request recorder did not start: its data will not survive moto_stop/moto_start"
    fi
}

moto_stop() {
    local state="$1"
    [ -n "$state" ] || { tb_fail "usage: moto_stop STATE_DIR"; return; }
    tb_kill_pidfile "$state/moto/moto.pid"
}

moto_down() {
    local state="$1" sd
    [ -n "$state" ] || { tb_fail "usage: moto_down STATE_DIR"; return; }
    sd="$state/moto"
    tb_kill_pidfile "$sd/moto.pid" || return
    if [ -d "$sd" ]; then
        # Keep the log for post-mortems; everything else goes.
        find "$sd" -mindepth 1 -maxdepth 1 ! -name '*.log' -exec rm -rf {} +
    fi
    tb_env_clear "$state" TESTBED_MOTO_
}
