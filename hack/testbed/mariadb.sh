# shellcheck shell=bash
# MariaDB 10.11 (Debian 12's mariadb-server) for the test bed: a private
# mariadbd per state dir, TCP on 127.0.0.1 with TLS (certs from tb_ca), root
# with a random mysql_native_password usable over TCP.
#
#   mariadb_install              apt-get install mariadb-server mariadb-client
#   mariadb_up    STATE_DIR      init + start, write env keys
#   mariadb_stop  STATE_DIR      stop it (data and port kept)
#   mariadb_start STATE_DIR      start it again on the same port with the same data
#   mariadb_down  STATE_DIR      stop it and delete its data
#
# Env keys (STATE_DIR/testbed.env): TESTBED_MARIADB_HOST, TESTBED_MARIADB_PORT,
# TESTBED_MARIADB_USER, TESTBED_MARIADB_PASSWORD, TESTBED_MARIADB_CA.
# Needs common.sh (tb_*) to be sourced first. Runs as root (mariadbd drops
# to the mysql user, so the state dir must be traversable by it).

mariadb_install() {
    if [ -x /usr/sbin/mariadbd ] && command -v mariadb-install-db >/dev/null 2>&1 &&
        command -v mariadb >/dev/null 2>&1; then
        return 0
    fi
    tb_apt_install mariadb-server mariadb-client || return
    [ -x /usr/sbin/mariadbd ] || { tb_fail "mariadbd missing after installing mariadb-server"; return; }
}

# _mariadb_sql STATE_DIR [ARGS...]: the mariadb client on the instance's socket
# as root (password from the state dir once it has been set).
_mariadb_sql() {
    local sd="$1/mariadb"
    shift
    if [ -f "$sd/.initialized" ]; then
        MYSQL_PWD=$(cat "$sd/password") mariadb --no-defaults --protocol=socket \
            --socket="$sd/data/sock" -uroot "$@"
    else
        mariadb --no-defaults --protocol=socket --socket="$sd/data/sock" -uroot "$@"
    fi
}

mariadb_up() {
    local state="$1" sd data pw host sql tbl
    [ -n "$state" ] || { tb_fail "usage: mariadb_up STATE_DIR"; return; }
    mariadb_install || return
    mkdir -p "$state/mariadb" || return
    state=$(cd "$state" && pwd) || return
    sd="$state/mariadb"
    data="$sd/data"
    tb_ca "$state" || return

    if [ -f "$sd/.initialized" ] && tb_pidfile_alive "$sd/mariadbd.pid"; then
        :
    elif [ -f "$sd/.initialized" ]; then
        mariadb_start "$state" || return
    else
        if [ "${#data}" -gt 100 ]; then
            tb_fail "state dir path too long for a unix socket: $data/sock"
            return
        fi
        # A half-done earlier attempt may have left its server running.
        tb_kill_pidfile "$sd/mariadbd.pid" 30 || return
        rm -rf "$data" "$sd/tls"
        mkdir -p "$data" "$sd/tls" || return
        cp "$state/ca/ca.pem" "$state/ca/server.pem" "$state/ca/server-key.pem" "$sd/tls/" || return
        chmod 0600 "$sd/tls/server-key.pem"
        chown -R mysql:mysql "$data" "$sd/tls" || return
        chmod 0750 "$data"
        # mariadbd runs as mysql: it must be able to reach the data dir
        # (mktemp -d makes 0700 dirs, so open the state dir for traversal).
        chmod o+x "$state" "$sd" 2>/dev/null
        if ! runuser -u mysql -- test -w "$data" -a -r "$sd/tls/server-key.pem"; then
            tb_fail "user mysql cannot reach $data: make its parent directories traversable (chmod o+x)"
            return
        fi
        [ -s "$sd/password" ] || tb_random 24 >"$sd/password"
        [ -s "$sd/port" ] || tb_free_port >"$sd/port"
        tb_log "initializing MariaDB data in $data"
        # --force: do not insist on a resolvable host name (the accounts it
        # would name after it are deleted below anyway).
        if ! mariadb-install-db --no-defaults --user=mysql --datadir="$data" \
                --auth-root-authentication-method=normal --skip-test-db --force \
                >>"$sd/mariadbd.log" 2>&1; then
            tb_log_tail "$sd/mariadbd.log"
            tb_fail "mariadb-install-db failed (log: $sd/mariadbd.log)"
            return
        fi
        mariadb_start "$state" || return
        pw=$(cat "$sd/password")
        # Anonymous users (''@'localhost', ''@'<hostname>') shadow
        # 'user'@'%' for logins from 127.0.0.1, and host-name accounts
        # (root@<hostname>) are dead under --skip-name-resolve: delete them
        # straight from the grant tables (DROP USER cannot see ignored
        # entries), then give every remaining root account the password.
        sql="DELETE FROM mysql.global_priv WHERE User='' OR (User='root' AND Host NOT IN ('localhost','127.0.0.1','::1','%'));"
        for tbl in db tables_priv columns_priv procs_priv proxies_priv; do
            sql="$sql DELETE FROM mysql.$tbl WHERE User='' OR (User='root' AND Host NOT IN ('localhost','127.0.0.1','::1','%'));"
        done
        sql="$sql FLUSH PRIVILEGES;"
        sql="$sql CREATE USER IF NOT EXISTS 'root'@'%'; CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';"
        for host in localhost 127.0.0.1 ::1 %; do
            sql="$sql ALTER USER IF EXISTS 'root'@'$host' IDENTIFIED VIA mysql_native_password USING PASSWORD('$pw');"
        done
        sql="$sql GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
        sql="$sql GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
        sql="$sql FLUSH PRIVILEGES;"
        if ! _mariadb_sql "$state" -e "$sql" >>"$sd/mariadbd.log" 2>&1; then
            tb_log_tail "$sd/mariadbd.log"
            tb_kill_pidfile "$sd/mariadbd.pid" 30
            tb_fail "setting the MariaDB root password failed"
            return
        fi
        touch "$sd/.initialized"
    fi

    tb_env "$state" TESTBED_MARIADB_HOST 127.0.0.1
    tb_env "$state" TESTBED_MARIADB_PORT "$(cat "$sd/port")"
    tb_env "$state" TESTBED_MARIADB_USER root
    tb_env "$state" TESTBED_MARIADB_PASSWORD "$(cat "$sd/password")"
    tb_env "$state" TESTBED_MARIADB_CA "$state/ca/ca.pem"
}

mariadb_start() {
    local state="$1" sd data port
    [ -n "$state" ] || { tb_fail "usage: mariadb_start STATE_DIR"; return; }
    state=$(cd "$state" 2>/dev/null && pwd) || { tb_fail "no state dir $1"; return; }
    sd="$state/mariadb"
    data="$sd/data"
    tb_pidfile_alive "$sd/mariadbd.pid" && return 0
    if [ ! -d "$data/mysql" ] || [ ! -s "$sd/port" ]; then
        tb_fail "no MariaDB instance in $sd (run mariadb_up first)"
        return
    fi
    port=$(cat "$sd/port")
    if tb_port_open "$port"; then
        tb_fail "port $port is already taken by another process; cannot start MariaDB"
        return
    fi
    # --connect-timeout=60: on a loaded 2-core machine a login (TLS, then the auth exchange) can take
    # longer than the default 10 s, and the server drops it ("Got timeout reading communication packets").
    tb_start_bg "$sd/mariadbd.pid" "$sd/mariadbd.log" \
        mariadbd --no-defaults --user=mysql --datadir="$data" \
        --socket="$data/sock" --pid-file="$data/mariadbd.pid" \
        --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --connect-timeout=60 \
        --ssl-ca="$sd/tls/ca.pem" --ssl-cert="$sd/tls/server.pem" \
        --ssl-key="$sd/tls/server-key.pem" || return
    if ! tb_wait_port "$port" 60 "$sd/mariadbd.pid"; then
        tb_log_tail "$sd/mariadbd.log"
        tb_kill_pidfile "$sd/mariadbd.pid" 30
        tb_fail "MariaDB did not start on port $port (log: $sd/mariadbd.log)"
        return
    fi
}

mariadb_stop() {
    local state="$1"
    [ -n "$state" ] || { tb_fail "usage: mariadb_stop STATE_DIR"; return; }
    tb_kill_pidfile "$state/mariadb/mariadbd.pid" 30
}

mariadb_down() {
    local state="$1" sd
    [ -n "$state" ] || { tb_fail "usage: mariadb_down STATE_DIR"; return; }
    sd="$state/mariadb"
    tb_kill_pidfile "$sd/mariadbd.pid" 30 || return
    if [ -d "$sd" ]; then
        # Keep the log for post-mortems; everything else goes.
        find "$sd" -mindepth 1 -maxdepth 1 ! -name '*.log' -exec rm -rf {} +
    fi
    tb_env_clear "$state" TESTBED_MARIADB_
}
