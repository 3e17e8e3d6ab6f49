# shellcheck shell=bash
# PostgreSQL 15 (Debian 12's postgresql) for the test bed: a throw-away
# cluster per state dir made with initdb, run with pg_ctl as user postgres.
# The package's own cluster (15/main) is neither made nor started: the test
# bed never needs it.
#
#   postgres_install              apt-get install postgresql (no default cluster)
#   postgres_up    STATE_DIR      initdb + start, write env keys
#   postgres_stop  STATE_DIR      stop it (fast shutdown; data and port kept)
#   postgres_start STATE_DIR      start it again on the same port with the same data
#   postgres_down  STATE_DIR      stop it and delete its data
#
# The server listens on 127.0.0.1 (a free port) with TLS from tb_ca (the
# certificate names 127.0.0.1 and localhost, so VerifyFull works), and on a
# unix socket in the state dir that only root and postgres can reach. TCP logins
# need scram-sha-256 (TLS or not: tests of the Disabled mode use plain TCP),
# except for members of rotator_md5, who may use md5; password_encryption is
# scram-sha-256. log_statement = 'all' writes every
# statement to the server log, which tests search for passwords.
#
# Env keys (STATE_DIR/testbed.env): TESTBED_POSTGRES_HOST, TESTBED_POSTGRES_PORT,
# TESTBED_POSTGRES_USER, TESTBED_POSTGRES_PASSWORD, TESTBED_POSTGRES_CA,
# TESTBED_POSTGRES_LOG, TESTBED_POSTGRES_SOCKET_DIR, TESTBED_POSTGRES_MD5_GROUP.
# Needs common.sh (tb_*) to be sourced first. Runs as root (the server runs
# as postgres, so the state dir must be traversable by it).

POSTGRES_ADMIN=rotator_admin
POSTGRES_MD5_GROUP=rotator_md5

# _postgres_bin NAME: path of a PostgreSQL server program (newest installed major).
_postgres_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/$1" ] || { tb_fail "no PostgreSQL $1 under /usr/lib/postgresql/*/bin"; return; }
    printf '%s\n' "$dir/$1"
}

postgres_install() {
    if _postgres_bin initdb >/dev/null 2>&1 && _postgres_bin pg_ctl >/dev/null 2>&1 &&
        command -v psql >/dev/null 2>&1; then
        return 0
    fi
    # postgresql-common makes and starts a "main" cluster when the server
    # package installs; the test bed runs its own, so switch that off first.
    tb_apt_install postgresql-common || return
    if [ -f /etc/postgresql-common/createcluster.conf ]; then
        tb_as_root sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' \
            /etc/postgresql-common/createcluster.conf
    fi
    tb_apt_install postgresql || return
    _postgres_bin initdb >/dev/null || return
}

postgres_up() {
    local state="$1" sd data initdb
    [ -n "$state" ] || { tb_fail "usage: postgres_up STATE_DIR"; return; }
    postgres_install || return
    mkdir -p "$state/postgres" || return
    state=$(cd "$state" && pwd) || return
    sd="$state/postgres"
    data="$sd/data"
    tb_ca "$state" || return

    if [ -f "$sd/.initialized" ] && [ -s "$data/postmaster.pid" ] && tb_port_open "$(cat "$sd/port")"; then
        :
    elif [ -f "$sd/.initialized" ]; then
        postgres_start "$state" || return
    else
        # The socket is SOCKET_DIR/.s.PGSQL.PORT, and sun_path holds 107 bytes.
        if [ "${#sd}" -gt 80 ]; then
            tb_fail "state dir path too long for a unix socket: $sd/socket"
            return
        fi
        postgres_stop "$state" >/dev/null 2>&1
        rm -rf "$data" "$sd/tls" "$sd/socket"
        mkdir -p "$data" "$sd/tls" "$sd/socket" || return
        cp "$state/ca/server.pem" "$state/ca/server-key.pem" "$sd/tls/" || return
        chmod 0600 "$sd/tls/server-key.pem"
        [ -s "$sd/password" ] || tb_random 24 >"$sd/password"
        [ -s "$sd/port" ] || tb_free_port >"$sd/port"
        # The admin's password reaches initdb through a file only postgres can read.
        install -m 0600 /dev/null "$sd/pwfile" && cat "$sd/password" >"$sd/pwfile" || return
        : >>"$sd/server.log"
        chown -R postgres:postgres "$data" "$sd/tls" "$sd/socket" "$sd/pwfile" "$sd/server.log" || return
        chmod 0700 "$data"
        # The server runs as postgres: it must be able to reach its files
        # (mktemp -d makes 0700 dirs, so open the state dir for traversal).
        chmod o+x "$state" "$sd" 2>/dev/null
        if ! runuser -u postgres -- test -w "$data" -a -r "$sd/tls/server-key.pem"; then
            tb_fail "user postgres cannot reach $data: make its parent directories traversable (chmod o+x)"
            return
        fi
        initdb=$(_postgres_bin initdb) || return
        tb_log "initializing a PostgreSQL cluster in $data"
        # --auth-local=trust: only for this script's psql over the private socket
        # (mode 0700 below); every TCP login needs SCRAM.
        if ! runuser -u postgres -- "$initdb" -D "$data" -U "$POSTGRES_ADMIN" --pwfile="$sd/pwfile" \
                --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --locale=C.UTF-8 \
                >>"$sd/server.log" 2>&1; then
            tb_log_tail "$sd/server.log"
            tb_fail "initdb failed (log: $sd/server.log)"
            return
        fi
        rm -f "$sd/pwfile"
        cat >>"$data/postgresql.conf" <<EOF
# --- Rotator test bed ---
listen_addresses = '127.0.0.1'
port = $(cat "$sd/port")
unix_socket_directories = '$sd/socket'
unix_socket_permissions = 0700
ssl = on
ssl_cert_file = '$sd/tls/server.pem'
ssl_key_file = '$sd/tls/server-key.pem'
password_encryption = 'scram-sha-256'
log_statement = 'all'
log_connections = on
log_line_prefix = '%m [%p] %q%u@%d '
logging_collector = off
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
        # TCP logins need SCRAM; only members of $POSTGRES_MD5_GROUP may use md5
        # (which also accepts SCRAM verifiers), for the tests of servers whose
        # password_encryption is md5.
        cat >"$data/pg_hba.conf" <<EOF
# TYPE  DATABASE  USER                  ADDRESS        METHOD
local   all       all                                  trust
host    all       +$POSTGRES_MD5_GROUP  127.0.0.1/32   md5
host    all       all                   127.0.0.1/32   scram-sha-256
EOF
        chown postgres:postgres "$data/postgresql.conf" "$data/pg_hba.conf"
        postgres_start "$state" || return
        if ! runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -h "$sd/socket" -p "$(cat "$sd/port")" \
                -U "$POSTGRES_ADMIN" -d postgres -c "CREATE ROLE $POSTGRES_MD5_GROUP NOLOGIN" >>"$sd/server.log" 2>&1; then
            tb_log_tail "$sd/server.log"
            tb_fail "creating the role $POSTGRES_MD5_GROUP failed"
            return
        fi
        touch "$sd/.initialized"
    fi

    tb_env "$state" TESTBED_POSTGRES_HOST 127.0.0.1
    tb_env "$state" TESTBED_POSTGRES_PORT "$(cat "$sd/port")"
    tb_env "$state" TESTBED_POSTGRES_USER "$POSTGRES_ADMIN"
    tb_env "$state" TESTBED_POSTGRES_PASSWORD "$(cat "$sd/password")"
    tb_env "$state" TESTBED_POSTGRES_CA "$state/ca/ca.pem"
    tb_env "$state" TESTBED_POSTGRES_LOG "$sd/server.log"
    tb_env "$state" TESTBED_POSTGRES_SOCKET_DIR "$sd/socket"
    tb_env "$state" TESTBED_POSTGRES_MD5_GROUP "$POSTGRES_MD5_GROUP"
}

postgres_start() {
    local state="$1" sd data port pg_ctl
    [ -n "$state" ] || { tb_fail "usage: postgres_start STATE_DIR"; return; }
    state=$(cd "$state" 2>/dev/null && pwd) || { tb_fail "no state dir $1"; return; }
    sd="$state/postgres"
    data="$sd/data"
    if [ ! -f "$data/PG_VERSION" ] || [ ! -s "$sd/port" ]; then
        tb_fail "no PostgreSQL cluster in $sd (run postgres_up first)"
        return
    fi
    port=$(cat "$sd/port")
    if [ -s "$data/postmaster.pid" ] && tb_port_open "$port"; then
        return 0
    fi
    if tb_port_open "$port"; then
        tb_fail "port $port is already taken by another process; cannot start PostgreSQL"
        return
    fi
    pg_ctl=$(_postgres_bin pg_ctl) || return
    # pg_ctl detaches the server into its own session and waits until it accepts
    # connections; the server writes its log (statements included) to server.log.
    if ! runuser -u postgres -- "$pg_ctl" -D "$data" -l "$sd/server.log" -w -t 60 start >/dev/null; then
        tb_log_tail "$sd/server.log"
        tb_fail "PostgreSQL did not start on port $port (log: $sd/server.log)"
        return
    fi
    tb_wait_port "$port" 30 || return
}

postgres_stop() {
    local state="$1" sd pg_ctl
    [ -n "$state" ] || { tb_fail "usage: postgres_stop STATE_DIR"; return; }
    sd="$state/postgres"
    [ -s "$sd/data/postmaster.pid" ] || return 0
    pg_ctl=$(_postgres_bin pg_ctl) || return
    # Fast shutdown: open sessions are ended (a smart one would wait for test clients' pools).
    runuser -u postgres -- "$pg_ctl" -D "$sd/data" -m fast -w -t 60 stop >/dev/null ||
        runuser -u postgres -- "$pg_ctl" -D "$sd/data" -m immediate -w -t 30 stop >/dev/null || {
            tb_fail "PostgreSQL in $sd/data did not stop"
            return
        }
}

postgres_down() {
    local state="$1" sd
    [ -n "$state" ] || { tb_fail "usage: postgres_down STATE_DIR"; return; }
    sd="$state/postgres"
    postgres_stop "$state" || return
    if [ -d "$sd" ]; then
        # Keep the log for post-mortems; everything else goes.
        find "$sd" -mindepth 1 -maxdepth 1 ! -name '*.log' -exec rm -rf {} +
    fi
    tb_env_clear "$state" TESTBED_POSTGRES_
}
