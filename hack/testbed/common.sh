# shellcheck shell=bash
# Shared helpers for the test bed's real servers (sourced by hack/testbed.sh
# and by hack/testbed/{mariadb,mysql,moto,slapd}.sh). Self-contained: needs
# only bash, coreutils, util-linux (setsid), python3 and, for tb_ca, openssl.
#
# Conventions: functions return non-zero with a one-line reason on stderr,
# never exit; everything is idempotent.

# tb_cache_dir: where expensive downloads/builds are kept between runs.
tb_cache_dir() {
    printf '%s\n' "${ROTATOR_CACHE:-$HOME/.cache/rotator}"
}

# tb_log MSG...: progress message on stderr.
tb_log() {
    printf 'testbed: %s\n' "$*" >&2
}

# tb_fail MSG...: one-line reason on stderr, returns 1 (use: `tb_fail x; return`).
tb_fail() {
    printf 'testbed: error: %s\n' "$*" >&2
    return 1
}

# tb_log_tail LOGFILE [LINES]: show the end of a server log on stderr.
tb_log_tail() {
    local log="$1" n="${2:-25}"
    [ -f "$log" ] || return 0
    printf 'testbed: --- last %s lines of %s ---\n' "$n" "$log" >&2
    tail -n "$n" "$log" >&2
    printf 'testbed: --- end of %s ---\n' "$log" >&2
}

# tb_as_root CMD...: run CMD as root (directly, or with sudo when not root).
tb_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        tb_fail "need root for: $*"
    fi
}

# tb_random [LEN]: random alphanumeric string (safe in env files, SQL, URLs).
tb_random() {
    local len="${1:-24}" out=""
    while [ "${#out}" -lt "$len" ]; do
        out="$out$(head -c 96 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
    done
    printf '%s\n' "${out:0:$len}"
}

# tb_free_port: print a TCP port that is free on 127.0.0.1 right now and was not handed out by
# another tb_free_port in the last ten minutes. Servers start in parallel and some (MySQL) take
# seconds between picking their port and binding it; without the reservation two of them can pick
# the same port and one fails to start.
tb_free_port() {
    command -v python3 >/dev/null 2>&1 || tb_apt_install python3-minimal || return
    python3 -c 'import fcntl, os, socket, tempfile, time
path = os.path.join(tempfile.gettempdir(), "rotator-testbed-ports")
with open(path, "a+") as f:
    fcntl.flock(f, fcntl.LOCK_EX)
    f.seek(0)
    now = time.time()
    held = {}
    for line in f.read().split("\n"):
        parts = line.split()
        if len(parts) == 2 and now - float(parts[1]) < 600:
            held[int(parts[0])] = float(parts[1])
    for _ in range(100):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in held:
            break
    held[port] = now
    f.seek(0)
    f.truncate()
    f.write("".join("%d %f\n" % kv for kv in held.items()))
print(port)'
}

# tb_port_open PORT [HOST]: true if something accepts TCP connections there.
tb_port_open() {
    local port="$1" host="${2:-127.0.0.1}"
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# tb_pid_alive PID: true if PID is a running (non-zombie) process.
tb_pid_alive() {
    local pid="$1" state=""
    [ -n "$pid" ] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [ -r "/proc/$pid/stat" ]; then
        state=$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
        [ "$state" != "Z" ] || return 1
    fi
    return 0
}

# tb_pidfile_alive PIDFILE: true if the pid in PIDFILE is running.
tb_pidfile_alive() {
    local pidfile="$1" pid=""
    [ -f "$pidfile" ] || return 1
    pid=$(cat "$pidfile" 2>/dev/null)
    tb_pid_alive "$pid"
}

# tb_wait_port PORT [TIMEOUT_SECONDS=30] [PIDFILE]: wait until PORT on
# 127.0.0.1 accepts connections. With PIDFILE, give up as soon as that
# process has died.
tb_wait_port() {
    local port="$1" timeout="${2:-30}" pidfile="${3:-}" deadline
    deadline=$(( $(date +%s) + timeout ))
    while :; do
        if tb_port_open "$port"; then
            return 0
        fi
        if [ -n "$pidfile" ] && ! tb_pidfile_alive "$pidfile"; then
            tb_fail "process of $pidfile exited before port $port opened"
            return
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            tb_fail "port $port did not open within ${timeout}s"
            return
        fi
        sleep 0.2
    done
}

# tb_start_bg PIDFILE LOGFILE CMD [ARGS...]: start CMD detached (own
# session via setsid, stdin from /dev/null, stdout+stderr appended to
# LOGFILE), write its pid to PIDFILE and return at once. CMD must stay in
# the foreground (not daemonize itself), so that PIDFILE names the server.
tb_start_bg() {
    local pidfile="$1" log="$2"
    shift 2
    [ "$#" -gt 0 ] || { tb_fail "tb_start_bg: no command"; return; }
    mkdir -p "$(dirname "$pidfile")" "$(dirname "$log")" || return
    rm -f "$pidfile"
    # The inner shell writes its own pid, then execs CMD, so the pid is
    # right even where setsid has to fork (job control on).
    # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
    setsid bash -c 'echo $$ > "$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' \
        "$pidfile" "$@" </dev/null >>"$log" 2>&1 &
    for _ in $(seq 1 50); do
        [ -s "$pidfile" ] && return 0
        sleep 0.1
    done
    tb_fail "tb_start_bg: $1 did not start (no $pidfile)"
}

# tb_kill_pidfile PIDFILE [GRACE_SECONDS=5]: SIGTERM the process (and its
# process group when it leads one), SIGKILL after GRACE seconds, wait for it
# to be gone, remove PIDFILE. Idempotent: no file or a dead pid is fine.
tb_kill_pidfile() {
    local pidfile="$1" grace="${2:-5}" pid pgid target deadline
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile" 2>/dev/null)
    case "$pid" in
        ''|*[!0-9]*) rm -f "$pidfile"; return 0 ;;
    esac
    if tb_pid_alive "$pid"; then
        target="$pid"
        # Field 5 of /proc/PID/stat (after "pid (comm) state ppid") is the pgrp.
        pgid=$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f3)
        [ "$pgid" = "$pid" ] && target="-$pid"
        kill -TERM -- "$target" 2>/dev/null
        deadline=$(( $(date +%s) + grace ))
        while tb_pid_alive "$pid" && [ "$(date +%s)" -lt "$deadline" ]; do
            sleep 0.1
        done
        if tb_pid_alive "$pid"; then
            tb_log "pid $pid did not stop within ${grace}s; sending SIGKILL"
            kill -KILL -- "$target" 2>/dev/null
            deadline=$(( $(date +%s) + 5 ))
            while tb_pid_alive "$pid" && [ "$(date +%s)" -lt "$deadline" ]; do
                sleep 0.1
            done
        fi
        if tb_pid_alive "$pid"; then
            tb_fail "pid $pid (from $pidfile) survived SIGKILL"
            return
        fi
    fi
    rm -f "$pidfile"
}

# tb_env STATE_DIR KEY VALUE: record KEY=VALUE in STATE_DIR/testbed.env
# (an earlier line for the same KEY is replaced, so re-runs stay clean).
tb_env() {
    local dir="$1" key="$2" value="$3" file tmp
    file="$dir/testbed.env"
    mkdir -p "$dir" || return
    if [ -f "$file" ] && grep -q "^$key=" "$file"; then
        tmp="$file.tmp.$$"
        grep -v "^$key=" "$file" >"$tmp"
        mv -f "$tmp" "$file"
    fi
    printf '%s=%s\n' "$key" "$value" >>"$file"
}

# tb_env_clear STATE_DIR PREFIX: drop every PREFIX* line from testbed.env.
tb_env_clear() {
    local dir="$1" prefix="$2" file tmp
    file="$dir/testbed.env"
    [ -f "$file" ] || return 0
    tmp="$file.tmp.$$"
    grep -v "^$prefix" "$file" >"$tmp"
    mv -f "$tmp" "$file"
}

# tb_apt_install PKG...: install the Debian packages that dpkg does not
# report as installed. Runs `apt-get update` (once) if the first try fails.
tb_apt_install() {
    local pkg missing=()
    for pkg in "$@"; do
        if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
            missing+=("$pkg")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    tb_log "apt-get install ${missing[*]}"
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q
               -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef
               -o Dpkg::Options::=--force-confold)
    if tb_as_root "${apt[@]}" install --no-install-recommends "${missing[@]}" >&2; then
        return 0
    fi
    tb_log "apt-get install failed; running apt-get update and retrying"
    tb_as_root "${apt[@]}" update >&2 || { tb_fail "apt-get update failed"; return; }
    tb_as_root "${apt[@]}" install --no-install-recommends "${missing[@]}" >&2 \
        || { tb_fail "apt-get install ${missing[*]} failed"; return; }
}

# tb_ca STATE_DIR: once per state dir, make a throw-away CA and a server
# certificate for 127.0.0.1/localhost under STATE_DIR/ca/:
# ca.pem, ca-key.pem, server.pem, server-key.pem (RSA 2048).
# Components start in parallel and each calls tb_ca: without the lock two of
# them could each make a CA, and one server would present a certificate that
# the published ca.pem does not sign.
tb_ca() {
    local dir="$1/ca" lockfd rc
    if [ -s "$dir/ca.pem" ] && [ -s "$dir/server.pem" ] && [ -s "$dir/server-key.pem" ]; then
        return 0
    fi
    mkdir -p "$dir" || return
    exec {lockfd}>"$dir/.lock" || return
    if ! flock -w 300 "$lockfd"; then
        exec {lockfd}>&-
        tb_fail "tb_ca: timed out waiting for $dir/.lock"
        return
    fi
    _tb_ca_make "$dir"
    rc=$?
    exec {lockfd}>&-
    return "$rc"
}

# _tb_ca_make CA_DIR: the CA and server certificate, unless a concurrent
# caller already made them (call with CA_DIR/.lock held).
_tb_ca_make() {
    local dir="$1" tmp
    if [ -s "$dir/ca.pem" ] && [ -s "$dir/server.pem" ] && [ -s "$dir/server-key.pem" ]; then
        return 0
    fi
    command -v openssl >/dev/null 2>&1 || tb_apt_install openssl || return
    mkdir -p "$dir" || return
    tmp=$(mktemp -d "$dir/.tmp.XXXXXX") || return
    if ! (
        set -e
        cd "$tmp"
        cat >ca.cnf <<'EOF'
[req]
distinguished_name = dn
x509_extensions = v3_ca
prompt = no
[dn]
CN = Rotator testbed CA
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
        cat >server.ext <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
        openssl genrsa -out ca-key.pem 2048 2>/dev/null
        openssl req -new -x509 -config ca.cnf -key ca-key.pem -out ca.pem \
            -days 3650 -sha256 2>/dev/null
        openssl genrsa -out server-key.pem 2048 2>/dev/null
        openssl req -new -config ca.cnf -key server-key.pem -out server.csr \
            -subj "/CN=localhost" 2>/dev/null
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem \
            -CAcreateserial -days 825 -sha256 -extfile server.ext \
            -out server.pem 2>/dev/null
        openssl verify -CAfile ca.pem server.pem >/dev/null
        chmod 0644 ca.pem server.pem
        chmod 0600 ca-key.pem server-key.pem
        mv -f ca-key.pem ca.pem server-key.pem "$dir/"
        mv -f server.pem "$dir/"
    ); then
        rm -rf "$tmp"
        tb_fail "tb_ca: openssl failed to create the test CA in $dir"
        return
    fi
    rm -rf "$tmp"
}
