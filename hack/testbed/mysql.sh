# shellcheck shell=bash
# MySQL 9.x (the real MySQL, Debian unstable's mysql-server-core) for the
# test bed. Debian 12 ships no MySQL server, so mysql_install debootstraps a
# minimal Debian unstable root ONCE into $ROTATOR_CACHE/mysql-root and
# installs mysql-server-core + mysql-client-core into it; every run then
# chroots into that shared root, with its own data directory inside it
# (ROOT/var/lib/rotator-tests/<run-id>/), so several state dirs can run at
# once without touching each other or the cached root's own files.
#
#   mysql_install              build the cached root (idempotent, ~1 GB)
#   mysql_up    STATE_DIR      init + start a server with TLS, write env keys
#   mysql_stop  STATE_DIR      stop it (data and port kept)
#   mysql_start STATE_DIR      start it again on the same port with the same data
#   mysql_down  STATE_DIR      stop it and delete its data
#
# Env keys (STATE_DIR/testbed.env): TESTBED_MYSQL_HOST, TESTBED_MYSQL_PORT,
# TESTBED_MYSQL_USER, TESTBED_MYSQL_PASSWORD, TESTBED_MYSQL_CA.
# Needs common.sh (tb_*) to be sourced first. Runs as root (chroot).

mysql_root_dir() {
    printf '%s/mysql-root\n' "$(tb_cache_dir)"
}

# mysql_chroot CMD...: run CMD inside the cached root.
mysql_chroot() {
    local root
    root=$(mysql_root_dir)
    tb_as_root chroot "$root" "$@"
}

# _mysql_mirror: the Debian mirror this machine's apt uses.
_mysql_mirror() {
    local m=""
    if [ -r /etc/apt/sources.list.d/debian.sources ]; then
        m=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    fi
    if [ -z "$m" ] && [ -r /etc/apt/sources.list ]; then
        m=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
    fi
    [ -n "$m" ] || { tb_fail "no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"; return; }
    printf '%s\n' "$m"
}

# _mysql_umount_proc DIR: unmount DIR/proc if something is mounted there.
_mysql_umount_proc() {
    local dir="$1"
    if mountpoint -q "$dir/proc" 2>/dev/null; then
        tb_as_root umount "$dir/proc" 2>/dev/null || tb_as_root umount -l "$dir/proc"
    fi
}

mysql_install() {
    local cache root tmp mirror log lockfd rc=0
    cache=$(tb_cache_dir)
    root="$cache/mysql-root"
    if [ -f "$root/.rotator-complete" ] && [ -x "$root/usr/sbin/mysqld" ]; then
        return 0
    fi
    command -v chroot >/dev/null 2>&1 || { tb_fail "chroot not found"; return; }
    tb_apt_install debootstrap || return
    mirror=$(_mysql_mirror) || return
    mkdir -p "$cache" || return
    log="$cache/mysql-root.build.log"

    # One builder at a time; a second caller waits and then finds the root.
    exec {lockfd}>"$cache/mysql-root.lock" || return
    if ! flock -w 1800 "$lockfd"; then
        exec {lockfd}>&-
        tb_fail "timed out waiting for another mysql_install ($cache/mysql-root.lock)"
        return
    fi
    if [ -f "$root/.rotator-complete" ] && [ -x "$root/usr/sbin/mysqld" ]; then
        exec {lockfd}>&-
        return 0
    fi

    # Leftovers of an interrupted build are never used: remove them.
    for tmp in "$cache"/mysql-root.tmp.*; do
        [ -d "$tmp" ] || continue
        _mysql_umount_proc "$tmp"
        rm -rf --one-file-system "$tmp"
    done

    tb_log "building the MySQL root in $root (debootstrap sid + mysql-server-core; takes about a minute)"
    tmp=$(mktemp -d "$cache/mysql-root.tmp.XXXXXX") || { exec {lockfd}>&-; return 1; }
    # It becomes "/" for mysqld (user mysql) and apt's _apt user: not 0700.
    chmod 0755 "$tmp"
    : >"$log"
    if ! tb_as_root debootstrap --variant=minbase sid "$tmp" "$mirror" >>"$log" 2>&1; then
        rc=1; tb_log_tail "$log"; tb_log "debootstrap of Debian unstable from $mirror failed (log: $log)"
    fi
    if [ "$rc" -eq 0 ]; then
        # No service may start inside the root during package installs.
        printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
        chmod 0755 "$tmp/usr/sbin/policy-rc.d"
        tb_as_root mount -t proc proc "$tmp/proc" || rc=1
        if [ "$rc" -eq 0 ] && ! tb_as_root chroot "$tmp" env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -q --no-install-recommends \
                mysql-server-core mysql-client-core >>"$log" 2>&1; then
            # The unstable index is a dated snapshot: refresh it without the
            # Valid-Until check and try once more.
            tb_log "apt-get install in the MySQL root failed; updating its index and retrying"
            if ! { tb_as_root chroot "$tmp" apt-get -o Acquire::Check-Valid-Until=false update >>"$log" 2>&1 &&
                   tb_as_root chroot "$tmp" env DEBIAN_FRONTEND=noninteractive \
                       apt-get install -y -q --no-install-recommends \
                       mysql-server-core mysql-client-core >>"$log" 2>&1; }; then
                rc=1; tb_log_tail "$log"; tb_log "could not install mysql-server-core into the root (log: $log)"
            fi
        fi
        _mysql_umount_proc "$tmp"
    fi
    if [ "$rc" -eq 0 ]; then
        # The mysql user normally comes with the package; make sure.
        if ! grep -q '^mysql:' "$tmp/etc/passwd"; then
            tb_as_root chroot "$tmp" groupadd -r mysql >>"$log" 2>&1
            tb_as_root chroot "$tmp" useradd -r -g mysql -d /nonexistent -s /bin/false mysql >>"$log" 2>&1
        fi
        tb_as_root chroot "$tmp" apt-get clean >>"$log" 2>&1
        mkdir -p "$tmp/var/lib/rotator-tests" "$tmp/run/mysqld"
        tb_as_root chroot "$tmp" chown mysql:mysql /run/mysqld >>"$log" 2>&1
        if ! tb_as_root chroot "$tmp" mysqld --version >>"$log" 2>&1; then
            rc=1; tb_log_tail "$log"; tb_log "mysqld in the new root does not run (log: $log)"
        fi
    fi
    if [ "$rc" -eq 0 ]; then
        date -u +%FT%TZ >"$tmp/.rotator-complete"
        if [ -e "$root" ]; then
            _mysql_umount_proc "$root"
            rm -rf --one-file-system "$root"
        fi
        mv "$tmp" "$root" || rc=1
    fi
    if [ "$rc" -ne 0 ]; then
        _mysql_umount_proc "$tmp"
        rm -rf --one-file-system "$tmp"
        exec {lockfd}>&-
        tb_fail "mysql_install failed"
        return
    fi
    exec {lockfd}>&-
    tb_log "MySQL root ready: $(tb_as_root chroot "$root" mysqld --version 2>/dev/null)"
}

# _mysql_run_id STATE_DIR: print this state dir's run id (empty if none).
_mysql_run_id() {
    local f="$1/mysql/run-id" id=""
    [ -f "$f" ] && id=$(cat "$f")
    case "$id" in
        *[!A-Za-z0-9]*) id="" ;;
    esac
    printf '%s\n' "$id"
}

# _mysql_gc: delete per-run dirs in the cached root whose state dir is gone
# (or records another run) and whose mysqld is not running.
_mysql_gc() {
    local base d id owner pid
    base="$(mysql_root_dir)/var/lib/rotator-tests"
    [ -d "$base" ] || return 0
    for d in "$base"/*; do
        [ -f "$d/owner" ] || continue
        id=${d##*/}
        owner=$(cat "$d/owner")
        if [ -f "$owner/mysql/run-id" ] && [ "$(cat "$owner/mysql/run-id")" = "$id" ]; then
            continue
        fi
        pid=$(cat "$d/mysqld.pid" 2>/dev/null)
        tb_pid_alive "$pid" && continue
        tb_log "removing stale MySQL run dir $d (state dir $owner is gone)"
        tb_as_root rm -rf --one-file-system "$d"
    done
}

mysql_up() {
    local state="$1" sd root id inner outer pw port
    [ -n "$state" ] || { tb_fail "usage: mysql_up STATE_DIR"; return; }
    mysql_install || return
    root=$(mysql_root_dir)
    mkdir -p "$state/mysql" || return
    state=$(cd "$state" && pwd) || return
    sd="$state/mysql"
    tb_ca "$state" || return

    _mysql_gc
    id=$(_mysql_run_id "$state")
    if [ -z "$id" ]; then
        id=$(tb_random 16)
        printf '%s\n' "$id" >"$sd/run-id"
    fi
    inner="/var/lib/rotator-tests/$id"
    outer="$root$inner"
    [ -s "$sd/password" ] || tb_random 24 >"$sd/password"
    pw=$(cat "$sd/password")
    [ -s "$sd/port" ] || tb_free_port >"$sd/port"
    port=$(cat "$sd/port")

    if ! tb_pidfile_alive "$sd/mysqld.pid" && [ ! -f "$outer/.initialized" ]; then
        tb_as_root rm -rf --one-file-system "$outer"
        mkdir -p "$outer/tls" || return
        printf '%s\n' "$state" >"$outer/owner"
        cp "$state/ca/ca.pem" "$state/ca/server.pem" "$state/ca/server-key.pem" "$outer/tls/" || return
        # Init file: runs once, right after --initialize.
        cat >"$outer/init.sql" <<EOF
ALTER USER 'root'@'localhost' IDENTIFIED WITH caching_sha2_password BY '$pw';
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED WITH caching_sha2_password BY '$pw';
ALTER USER 'root'@'%' IDENTIFIED WITH caching_sha2_password BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
EOF
        chmod 0600 "$outer/tls/server-key.pem" "$outer/init.sql"
        mysql_chroot chown -R mysql:mysql "$inner" || return
        tb_log "initializing MySQL data in $outer/data"
        if ! mysql_chroot mysqld --no-defaults --initialize-insecure --user=mysql \
                --datadir="$inner/data" --init-file="$inner/init.sql" \
                --log-error-verbosity=2 >>"$sd/mysqld.log" 2>&1; then
            tb_log_tail "$sd/mysqld.log"
            rm -f "$outer/init.sql"
            tb_fail "mysqld --initialize failed (log: $sd/mysqld.log)"
            return
        fi
        rm -f "$outer/init.sql"
        touch "$outer/.initialized"
    fi

    mysql_start "$state" || return

    tb_env "$state" TESTBED_MYSQL_HOST 127.0.0.1
    tb_env "$state" TESTBED_MYSQL_PORT "$port"
    tb_env "$state" TESTBED_MYSQL_USER root
    tb_env "$state" TESTBED_MYSQL_PASSWORD "$pw"
    tb_env "$state" TESTBED_MYSQL_CA "$state/ca/ca.pem"
}

mysql_start() {
    local state="$1" sd id inner port root
    [ -n "$state" ] || { tb_fail "usage: mysql_start STATE_DIR"; return; }
    state=$(cd "$state" 2>/dev/null && pwd) || { tb_fail "no state dir $1"; return; }
    sd="$state/mysql"
    tb_pidfile_alive "$sd/mysqld.pid" && return 0
    id=$(_mysql_run_id "$state")
    root=$(mysql_root_dir)
    inner="/var/lib/rotator-tests/$id"
    if [ -z "$id" ] || [ ! -f "$root$inner/.initialized" ] || [ ! -s "$sd/port" ]; then
        tb_fail "no MySQL instance in $sd (run mysql_up first)"
        return
    fi
    port=$(cat "$sd/port")
    if tb_port_open "$port"; then
        tb_fail "port $port is already taken by another process; cannot start MySQL"
        return
    fi
    # --connect-timeout=60: on a loaded 2-core machine a login (TLS, then the auth exchange) can take
    # longer than the default 10 s, and the server drops it ("Got timeout reading communication packets").
    tb_start_bg "$sd/mysqld.pid" "$sd/mysqld.log" \
        chroot "$root" mysqld --no-defaults --user=mysql \
        --datadir="$inner/data" --socket="$inner/mysqld.sock" \
        --pid-file="$inner/mysqld.pid" --port="$port" --bind-address=127.0.0.1 \
        --mysqlx=OFF --secure-file-priv='' --skip-name-resolve --connect-timeout=60 \
        --ssl-ca="$inner/tls/ca.pem" --ssl-cert="$inner/tls/server.pem" \
        --ssl-key="$inner/tls/server-key.pem" --tmpdir=/tmp || return
    if ! tb_wait_port "$port" 120 "$sd/mysqld.pid"; then
        tb_log_tail "$sd/mysqld.log"
        tb_kill_pidfile "$sd/mysqld.pid" 20
        tb_fail "MySQL did not start on port $port (log: $sd/mysqld.log)"
        return
    fi
}

mysql_stop() {
    local state="$1"
    [ -n "$state" ] || { tb_fail "usage: mysql_stop STATE_DIR"; return; }
    tb_kill_pidfile "$state/mysql/mysqld.pid" 30
}

mysql_down() {
    local state="$1" sd id root
    [ -n "$state" ] || { tb_fail "usage: mysql_down STATE_DIR"; return; }
    sd="$state/mysql"
    tb_kill_pidfile "$sd/mysqld.pid" 30 || return
    id=$(_mysql_run_id "$state")
    root=$(mysql_root_dir)
    if [ -n "$id" ] && [ -d "$root/var/lib/rotator-tests/$id" ]; then
        tb_as_root rm -rf --one-file-system "$root/var/lib/rotator-tests/$id"
    fi
    if [ -d "$sd" ]; then
        # Keep the log for post-mortems; everything else goes.
        find "$sd" -mindepth 1 -maxdepth 1 ! -name '*.log' -exec rm -rf {} +
    fi
    tb_env_clear "$state" TESTBED_MYSQL_
}
