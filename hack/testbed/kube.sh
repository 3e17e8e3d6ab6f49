# shellcheck shell=bash
#
# hack/testbed/kube.sh - a real Kubernetes control plane (etcd, kube-apiserver,
# kube-controller-manager) on 127.0.0.1 for tests. Sourced by hack/testbed.sh.
#
# Public functions:
#   kube_install                      install Debian packages, build and cache
#                                     kube-apiserver/kube-controller-manager
#   kube_up    STATE_DIR              start etcd, apiserver, controller-manager
#                                     on free ports; append to STATE_DIR/testbed.env
#   kube_down  STATE_DIR              stop everything kube_up started
#   kube_stop  STATE_DIR COMPONENT    stop one of: etcd apiserver controller-manager
#   kube_start STATE_DIR COMPONENT    (re)start one with the same arguments, wait ready
#
# The binaries are built from Debian bookworm's `kubernetes` source package
# (upstream v1.20.2) and cached under
#   ${ROTATOR_CACHE:-$HOME/.cache/rotator}/kube/<source-version>/
# so only the first run on a machine pays for the build (about 5 min, 2 cores).
#
# Environment:
#   ROTATOR_CACHE           cache root (default $HOME/.cache/rotator)
#   TESTBED_APISERVER_ARGS  extra kube-apiserver arguments (whitespace separated),
#                           persisted with the command line, so kube_start reuses them
#   TESTBED_KUBE_TIMEOUT    seconds to wait for each process to become ready (default 60)
#
# This file is sourced: it sets no shell options and functions only `return`.

_KUBE_APT_RUNTIME_PKGS=(etcd-server etcd-client)
_KUBE_APT_BUILD_PKGS=(golang-1.19-go rsync golang-github-modern-go-reflect2-dev)
_KUBE_GO_BIN=/usr/lib/go-1.19/bin
_KUBE_REFLECT2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2
_KUBE_COMPONENTS=(etcd apiserver controller-manager)

# ---------------------------------------------------------------- helpers --

_kube_log() {
	printf 'kube: %s\n' "$*" >&2
}

# _kube_fail REASON [LOGFILE]: print the tail of LOGFILE (if any), then the
# one-line reason last on stderr, and return 1.
_kube_fail() {
	local reason=$1 logfile=${2:-}
	if [[ -n $logfile && -s $logfile ]]; then
		printf -- '--- last lines of %s ---\n' "$logfile" >&2
		tail -n 40 -- "$logfile" >&2 || true
		printf -- '---\n' >&2
	fi
	printf '%s\n' "$reason" >&2
	return 1
}

_kube_cache_root() {
	printf '%s/kube\n' "${ROTATOR_CACHE:-$HOME/.cache/rotator}"
}

# _kube_free_ports N: print N distinct free TCP ports on 127.0.0.1, one a line. Through tb_free_port's
# reservation when the test bed's common.sh is loaded: MySQL and the others pick their port seconds
# before they bind it, and a port picked here without the reservation once took MySQL's (CI failed on
# "port ... is already taken").
_kube_free_ports() {
	if declare -F tb_free_port >/dev/null; then
		local i port ports=()
		for ((i = 0; i < $1; i++)); do
			port=$(tb_free_port) || return
			ports+=("$port")
		done
		printf '%s\n' "${ports[@]}"
		return
	fi
	python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
for s in socks:
    s.close()
PY
}

_kube_pkg_installed() {
	local status
	status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
	[[ $status == "install ok installed" ]]
}

# _kube_apt_ensure PKG...: install the packages that are missing; run
# `apt-get update` only when a first install attempt fails.
_kube_apt_ensure() {
	local pkg missing=()
	for pkg in "$@"; do
		_kube_pkg_installed "$pkg" || missing+=("$pkg")
	done
	((${#missing[@]} == 0)) && return 0
	_kube_log "installing ${missing[*]}"
	local -a apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
	if ! "${apt[@]}" install -y -q "${missing[@]}" >&2; then
		_kube_log "apt-get install failed; running apt-get update and retrying"
		"${apt[@]}" update -q >&2 || _kube_fail "kube_install: apt-get update failed" || return 1
		"${apt[@]}" install -y -q "${missing[@]}" >&2 ||
			_kube_fail "kube_install: apt-get install ${missing[*]} failed" || return 1
	fi
}

# _kube_src_version: print the candidate version of the `kubernetes` source
# package from the local apt lists (no network); fail if unknown.
_kube_src_version() {
	local versions v best=""
	versions=$(apt-cache showsrc --only-source kubernetes 2>/dev/null |
		sed -n 's/^Version: *//p') || true
	for v in $versions; do
		if [[ -z $best ]] || dpkg --compare-versions "$v" gt "$best"; then
			best=$v
		fi
	done
	[[ -n $best ]] || return 1
	printf '%s\n' "$best"
}

# _kube_enable_src: make sure deb-src entries exist, then apt-get update.
_kube_enable_src() {
	local -a apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
	if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
			_kube_log "enabling Debian source packages (debian-src.sources)"
			sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
				>/etc/apt/sources.list.d/debian-src.sources ||
				_kube_fail "kube_install: cannot write /etc/apt/sources.list.d/debian-src.sources" || return 1
		elif [[ -f /etc/apt/sources.list ]]; then
			_kube_log "enabling Debian source packages (debian-src.list)"
			sed -n 's/^deb /deb-src /p' /etc/apt/sources.list \
				>/etc/apt/sources.list.d/debian-src.list ||
				_kube_fail "kube_install: cannot write /etc/apt/sources.list.d/debian-src.list" || return 1
		else
			_kube_fail "kube_install: no apt sources found to derive deb-src entries from" || return 1
		fi
	fi
	"${apt[@]}" update -q >&2 || _kube_fail "kube_install: apt-get update failed" || return 1
}

# _kube_cached_bin_dir: print the cache directory holding both binaries, without
# building and without network. Prefer the version apt knows; otherwise the
# highest cached version.
_kube_cached_bin_dir() {
	local root version d best=""
	root=$(_kube_cache_root)
	if version=$(_kube_src_version); then
		if [[ -x $root/$version/kube-apiserver && -x $root/$version/kube-controller-manager ]]; then
			printf '%s\n' "$root/$version"
			return 0
		fi
	fi
	for d in "$root"/*/; do
		d=${d%/}
		[[ -x $d/kube-apiserver && -x $d/kube-controller-manager ]] || continue
		if [[ -z $best ]] || dpkg --compare-versions "${d##*/}" gt "${best##*/}"; then
			best=$d
		fi
	done
	[[ -n $best ]] || return 1
	printf '%s\n' "$best"
}

# _kube_build VERSION DEST_DIR: build both binaries from the Debian source
# package VERSION and move them atomically into DEST_DIR.
_kube_build() {
	local version=$1 dest=$2
	local root work log srcdir orig bindir stage
	root=$(_kube_cache_root)
	mkdir -p "$root" || _kube_fail "kube_install: cannot create $root" || return 1
	work=$(mktemp -d "$root/.build.XXXXXX") || _kube_fail "kube_install: mktemp failed" || return 1
	log=$root/build-$version.log
	: >"$log"
	# leftovers of builds that were killed midway (a source tree is ~1 GB)
	find "$root" -mindepth 1 -maxdepth 1 \( -name '.build.*' -o -name '.stage.*' \) \
		-mmin +180 -exec rm -rf {} + 2>/dev/null || true
	_kube_log "building kube-apiserver and kube-controller-manager from kubernetes $version (log: $log)"

	if ! (cd "$work" && apt-get source --download-only "kubernetes=$version") >>"$log" 2>&1; then
		rm -rf "$work"
		_kube_fail "kube_install: apt-get source kubernetes=$version failed" "$log"
		return 1
	fi
	orig=$(find "$work" -maxdepth 1 -name 'kubernetes_*.orig.tar.*' | head -n 1)
	if [[ -z $orig ]]; then
		rm -rf "$work"
		_kube_fail "kube_install: no .orig tarball in the downloaded kubernetes source" "$log"
		return 1
	fi
	mkdir -p "$work/src"
	if ! tar -xf "$orig" -C "$work/src" >>"$log" 2>&1; then
		rm -rf "$work"
		_kube_fail "kube_install: cannot unpack $orig" "$log"
		return 1
	fi
	rm -f "$work"/kubernetes_*
	srcdir=$(find "$work/src" -maxdepth 3 -type d -path '*/cmd/kube-apiserver' | head -n 1)
	srcdir=${srcdir%/cmd/kube-apiserver}
	if [[ -z $srcdir || ! -f $srcdir/Makefile ]]; then
		rm -rf "$work"
		_kube_fail "kube_install: unexpected layout of the kubernetes source tarball" "$log"
		return 1
	fi

	# Required fix: the vendored reflect2 v1.0.1 crashes ("fatal error: fault")
	# on the first JSON map encode when built with Go >= 1.18. Use Debian's 1.0.2.
	local vr=$srcdir/vendor/github.com/modern-go/reflect2 f
	if ! rm -rf "$vr" || ! mkdir -p "$vr"; then
		rm -rf "$work"
		_kube_fail "kube_install: cannot replace $vr"
		return 1
	fi
	for f in "$_KUBE_REFLECT2_SRC"/*.go; do
		[[ $f == *_test.go ]] && continue
		cp "$f" "$vr/" || { rm -rf "$work"; _kube_fail "kube_install: cannot copy $f"; return 1; }
	done

	# Version stamped into the binaries: don't let the build look at any git
	# repository that happens to contain the cache directory. The tarball is a
	# `git archive`, so hack/lib/version.sh carries the upstream commit.
	local upstream=${version#*really} commit
	upstream=${upstream%%-*}
	local major=${upstream%%.*} minor=${upstream#*.}
	minor=${minor%%.*}
	commit=$(sed -n "s/^ *KUBE_GIT_COMMIT='\([0-9a-f]\{40\}\)'.*/\1/p" \
		"$srcdir/hack/lib/version.sh" 2>/dev/null | head -n 1) || true
	cat >"$work/version.env" <<EOF
KUBE_GIT_COMMIT='${commit:-0000000000000000000000000000000000000000}'
KUBE_GIT_TREE_STATE='archive'
KUBE_GIT_VERSION='v$upstream'
KUBE_GIT_MAJOR='$major'
KUBE_GIT_MINOR='$minor'
EOF

	_kube_log "compiling (takes about 5 minutes on 2 cores)"
	if ! (
		cd "$srcdir" || exit 1
		export GOPATH=$PWD/.go PATH=$_KUBE_GO_BIN:$PATH CGO_ENABLED=0
		export GOCACHE=$work/.gocache GOPROXY=off GOTOOLCHAIN=local
		export KUBE_GIT_VERSION_FILE=$work/version.env
		mkdir -p .go/src/k8s.io
		ln -sfn ../../.. .go/src/k8s.io/kubernetes
		rm -f _output/bin/prerelease-lifecycle-gen
		make WHAT="cmd/kube-apiserver cmd/kube-controller-manager"
	) >>"$log" 2>&1 </dev/null; then
		rm -rf "$work"
		_kube_fail "kube_install: building kubernetes $version failed (log: $log)" "$log"
		return 1
	fi
	bindir=$(find "$srcdir/_output/local/bin" -type f -name kube-apiserver -printf '%h\n' 2>/dev/null | head -n 1)
	if [[ -z $bindir || ! -x $bindir/kube-controller-manager ]]; then
		rm -rf "$work"
		_kube_fail "kube_install: build finished but binaries not found (log: $log)" "$log"
		return 1
	fi

	stage=$root/.stage.$$.$RANDOM
	if ! mkdir -p "$stage" ||
		! mv "$bindir/kube-apiserver" "$bindir/kube-controller-manager" "$stage/"; then
		rm -rf "$work" "$stage"
		_kube_fail "kube_install: cannot stage binaries"
		return 1
	fi
	rm -rf "$work"
	# A directory rename is atomic; if another build won the race, keep theirs.
	if ! mv -T "$stage" "$dest" 2>/dev/null; then
		rm -rf "$stage"
		[[ -x $dest/kube-apiserver && -x $dest/kube-controller-manager ]] ||
			_kube_fail "kube_install: cannot move binaries to $dest" || return 1
	fi
	_kube_log "cached binaries in $dest"
}

# -------------------------------------------------------------- install --

kube_install() {
	local root version dir
	_kube_apt_ensure "${_KUBE_APT_RUNTIME_PKGS[@]}" || return 1
	if dir=$(_kube_cached_bin_dir); then
		_kube_log "using cached binaries in $dir"
		return 0
	fi
	_kube_apt_ensure "${_KUBE_APT_BUILD_PKGS[@]}" || return 1
	if ! version=$(_kube_src_version); then
		_kube_enable_src || return 1
		version=$(_kube_src_version) ||
			_kube_fail "kube_install: no 'kubernetes' source package known to apt" || return 1
	fi
	root=$(_kube_cache_root)
	_kube_build "$version" "$root/$version" || return 1
}

# ------------------------------------------------------- process control --

# _kube_pid_alive DIR NAME: true if NAME's pid file points at a live process
# that is still the program we started (guards against pid reuse).
_kube_pid_alive() {
	local dir=$1 name=$2 pid prog cmdline
	[[ -s $dir/$name.pid ]] || return 1
	pid=$(<"$dir/$name.pid")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	[[ -r /proc/$pid/cmdline ]] || return 1
	prog=$(head -n 1 "$dir/$name.cmd" 2>/dev/null) || return 1
	cmdline=$( { tr '\0' '\n' <"/proc/$pid/cmdline"; } 2>/dev/null | head -n 1) || return 1
	[[ -n $prog && $cmdline == "$prog" ]]
}

# _kube_spawn DIR NAME: start NAME from DIR/NAME.cmd (one argument a line),
# detached in its own session, output to DIR/logs/NAME.log, pid to DIR/NAME.pid.
_kube_spawn() {
	local dir=$1 name=$2 i
	local -a cmd
	mapfile -t cmd <"$dir/$name.cmd" || return 1
	((${#cmd[@]} > 0)) || return 1
	rm -f "$dir/$name.pid"
	mkdir -p "$dir/logs"
	printf '=== %s start: %s\n' "$(date -u +%FT%TZ)" "${cmd[*]}" >>"$dir/logs/$name.log"
	# The inner shell writes its own pid and then execs the program, so the pid
	# file is right whether or not setsid had to fork.
	# shellcheck disable=SC2016 # expanded by the inner shell
	setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/$name.pid" "${cmd[@]}" \
		>>"$dir/logs/$name.log" 2>&1 </dev/null &
	# no "Killed" job report from the caller's shell when we stop it later
	disown "$!" 2>/dev/null || true
	# Wait until the pid file is written and the program has been exec'ed.
	for ((i = 0; i < 100; i++)); do
		_kube_pid_alive "$dir" "$name" && return 0
		sleep 0.1
	done
	return 1
}

# _kube_wait_ready DIR NAME TIMEOUT_SECONDS
_kube_wait_ready() {
	local dir=$1 name=$2 timeout=$3 deadline body=""
	local KUBE_ETCD_PORT="" KUBE_APISERVER_PORT="" KUBE_CM_PORT="" KUBE_ADMIN_TOKEN=""
	# shellcheck disable=SC1090,SC1091
	source "$dir/ports.env" || return 1
	deadline=$((SECONDS + timeout))
	while ((SECONDS < deadline)); do
		_kube_pid_alive "$dir" "$name" || return 1
		case $name in
		etcd)
			body=$(curl -fsS --max-time 2 "http://127.0.0.1:$KUBE_ETCD_PORT/health" 2>/dev/null) || body=""
			[[ $body == *'"health":"true"'* ]] && return 0
			;;
		apiserver)
			if [[ -s $dir/certs/apiserver.crt ]]; then
				body=$(curl -fsS --max-time 2 --cacert "$dir/certs/apiserver.crt" \
					-H "Authorization: Bearer $KUBE_ADMIN_TOKEN" \
					"https://127.0.0.1:$KUBE_APISERVER_PORT/readyz" 2>/dev/null) || body=""
				[[ $body == ok ]] && return 0
			fi
			;;
		controller-manager)
			body=$(curl -ksS --max-time 2 "https://127.0.0.1:$KUBE_CM_PORT/healthz" 2>/dev/null) || body=""
			[[ $body == ok ]] && return 0
			;;
		esac
		sleep 0.5
	done
	return 1
}

_kube_check_component() {
	case $1 in
	etcd | apiserver | controller-manager) return 0 ;;
	*) _kube_fail "kube: unknown component '$1' (want etcd, apiserver or controller-manager)" ;;
	esac
}

# _kube_stop_one DIR NAME: TERM, then KILL after 5 s. Never fails.
_kube_stop_one() {
	local dir=$1 name=$2 pid i
	if _kube_pid_alive "$dir" "$name"; then
		pid=$(<"$dir/$name.pid")
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 50; i++)); do
			_kube_pid_alive "$dir" "$name" || break
			sleep 0.1
		done
		if _kube_pid_alive "$dir" "$name"; then
			kill -KILL "$pid" 2>/dev/null || true
			for ((i = 0; i < 50; i++)); do
				[[ -e /proc/$pid ]] || break
				# a zombie of ours is as good as gone
				[[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && break
				sleep 0.1
			done
		fi
	fi
	rm -f "$dir/$name.pid"
	return 0
}

# _kube_start_one DIR NAME: spawn and wait for readiness.
_kube_start_one() {
	local dir=$1 name=$2 timeout=${TESTBED_KUBE_TIMEOUT:-60}
	if _kube_pid_alive "$dir" "$name"; then
		_kube_wait_ready "$dir" "$name" "$timeout" && return 0
		_kube_fail "kube: $name is running but not ready after ${timeout}s (log: $dir/logs/$name.log)" "$dir/logs/$name.log"
		return 1
	fi
	[[ -s $dir/$name.cmd ]] || { _kube_fail "kube: no saved command line $dir/$name.cmd (run kube_up first)"; return 1; }
	_kube_spawn "$dir" "$name" || { _kube_fail "kube: cannot start $name (log: $dir/logs/$name.log)" "$dir/logs/$name.log"; return 1; }
	if ! _kube_wait_ready "$dir" "$name" "$timeout"; then
		if _kube_pid_alive "$dir" "$name"; then
			_kube_fail "kube: $name not ready after ${timeout}s (log: $dir/logs/$name.log)" "$dir/logs/$name.log"
		else
			_kube_fail "kube: $name exited during startup (log: $dir/logs/$name.log)" "$dir/logs/$name.log"
		fi
		return 1
	fi
}

# _kube_extract_ca BUNDLE OUT: the apiserver's self-signed cert-dir/apiserver.crt
# holds the serving cert followed by its CA. Write only the CA certificate
# (basicConstraints CA:TRUE) to OUT, so that clients which load just the first
# certificate of a file (e.g. .NET's X509Certificate2) trust the right one.
_kube_extract_ca() {
	local bundle=$1 out=$2 tmp f
	tmp=$(mktemp -d) || return 1
	awk -v d="$tmp" '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > (d "/" n ".pem") }' "$bundle" || {
		rm -rf "$tmp"
		return 1
	}
	for f in "$tmp"/*.pem; do
		if openssl x509 -in "$f" -noout -ext basicConstraints 2>/dev/null | grep -q 'CA:TRUE'; then
			cp "$f" "$out" && rm -rf "$tmp" && return 0
		fi
	done
	rm -rf "$tmp"
	return 1
}

# _kube_kubeconfig FILE SERVER CA_FILE USER TOKEN
_kube_kubeconfig() {
	local file=$1 server=$2 ca=$3 user=$4 token=$5 ca_data
	ca_data=$(base64 -w0 <"$ca") || return 1
	cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: testbed
  cluster:
    server: $server
    certificate-authority-data: $ca_data
users:
- name: $user
  user:
    token: $token
contexts:
- name: $user@testbed
  context:
    cluster: testbed
    user: $user
    namespace: default
current-context: $user@testbed
EOF
	chmod 600 "$file"
}

# ------------------------------------------------------------ lifecycle --

kube_up() {
	local state=${1:-}
	[[ -n $state ]] || { _kube_fail "kube_up: usage: kube_up STATE_DIR"; return 1; }
	mkdir -p "$state" || { _kube_fail "kube_up: cannot create $state"; return 1; }
	state=$(cd "$state" && pwd -P) || return 1
	local dir=$state/kube name
	for name in "${_KUBE_COMPONENTS[@]}"; do
		if _kube_pid_alive "$dir" "$name"; then
			_kube_fail "kube_up: $name already running from $dir (run kube_down first)"
			return 1
		fi
	done

	local bin
	if ! bin=$(_kube_cached_bin_dir); then
		kube_install || return 1
		bin=$(_kube_cached_bin_dir) || { _kube_fail "kube_up: no kube binaries after kube_install"; return 1; }
	fi
	local etcd_bin
	etcd_bin=$(command -v etcd) || { _kube_fail "kube_up: etcd not installed (run kube_install)"; return 1; }

	rm -rf "$dir"
	mkdir -p "$dir/logs" "$dir/certs" "$dir/etcd" || { _kube_fail "kube_up: cannot create $dir"; return 1; }
	chmod 700 "$dir/etcd"

	local ports
	ports=$(_kube_free_ports 4) || { _kube_fail "kube_up: cannot pick free ports"; return 1; }
	local etcd_port peer_port api_port cm_port
	{ read -r etcd_port; read -r peer_port; read -r api_port; read -r cm_port; } <<<"$ports"

	local admin_token user_token cm_token
	if ! admin_token=$(openssl rand -hex 16) || ! user_token=$(openssl rand -hex 16) ||
		! cm_token=$(openssl rand -hex 16); then
		_kube_fail "kube_up: openssl rand failed"
		return 1
	fi
	(
		umask 077
		printf '%s,testbed-admin,testbed-admin,"system:masters"\n' "$admin_token"
		printf '%s,rotator-operator,rotator-operator\n' "$user_token"
		printf '%s,system:kube-controller-manager,testbed-controller-manager,"system:masters"\n' "$cm_token"
	) >"$dir/tokens.csv"
	if ! openssl genrsa -out "$dir/sa.key" 2048 >"$dir/logs/openssl.log" 2>&1 ||
		! openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" >>"$dir/logs/openssl.log" 2>&1; then
		_kube_fail "kube_up: cannot generate service-account key pair" "$dir/logs/openssl.log"
		return 1
	fi

	cat >"$dir/ports.env" <<EOF
KUBE_ETCD_PORT=$etcd_port
KUBE_APISERVER_PORT=$api_port
KUBE_CM_PORT=$cm_port
KUBE_ADMIN_TOKEN=$admin_token
EOF
	chmod 600 "$dir/ports.env"

	local etcd_url=http://127.0.0.1:$etcd_port peer_url=http://127.0.0.1:$peer_port
	local server=https://127.0.0.1:$api_port
	printf '%s\n' "$etcd_bin" \
		--name testbed \
		--data-dir "$dir/etcd" \
		--listen-client-urls "$etcd_url" \
		--advertise-client-urls "$etcd_url" \
		--listen-peer-urls "$peer_url" \
		--initial-advertise-peer-urls "$peer_url" \
		--initial-cluster "testbed=$peer_url" \
		--initial-cluster-state new \
		--logger zap --log-outputs stderr \
		>"$dir/etcd.cmd"

	local -a extra=()
	read -r -a extra <<<"${TESTBED_APISERVER_ARGS:-}" || true
	printf '%s\n' "$bin/kube-apiserver" \
		--etcd-servers="$etcd_url" \
		--bind-address=127.0.0.1 \
		--secure-port="$api_port" \
		--cert-dir="$dir/certs" \
		--token-auth-file="$dir/tokens.csv" \
		--authorization-mode=RBAC \
		--service-account-issuer=https://kubernetes.default.svc \
		--service-account-signing-key-file="$dir/sa.key" \
		--service-account-key-file="$dir/sa.pub" \
		--service-cluster-ip-range=10.0.0.0/24 \
		--advertise-address=127.0.0.1 \
		--endpoint-reconciler-type=none \
		"${extra[@]}" \
		>"$dir/apiserver.cmd"

	# clusterrole-aggregation fills the rules of the aggregated admin/edit/view
	# ClusterRoles (empty without it); resourcequota computes a quota's usage,
	# without which the quota admission refuses every write in its namespace;
	# statefulset and daemonset roll out the consumers of those kinds; --port=0 turns off the 1.20 insecure port
	# (default 10252), so several testbeds never clash.
	printf '%s\n' "$bin/kube-controller-manager" \
		--kubeconfig="$dir/controller-manager.kubeconfig" \
		--leader-elect=false \
		--service-account-private-key-file="$dir/sa.key" \
		--root-ca-file="$dir/ca.crt" \
		--controllers=deployment,replicaset,statefulset,daemonset,resourcequota,garbagecollector,serviceaccount,serviceaccount-token,namespace,clusterrole-aggregation \
		--bind-address=127.0.0.1 \
		--secure-port="$cm_port" \
		--port=0 \
		>"$dir/controller-manager.cmd"

	_kube_start_one "$dir" etcd || { kube_down "$state"; return 1; }
	_kube_start_one "$dir" apiserver || { kube_down "$state"; return 1; }

	local ca=$dir/ca.crt
	if ! _kube_extract_ca "$dir/certs/apiserver.crt" "$ca"; then
		kube_down "$state"
		_kube_fail "kube_up: no CA certificate found in $dir/certs/apiserver.crt"
		return 1
	fi
	if ! _kube_kubeconfig "$dir/admin.kubeconfig" "$server" "$ca" testbed-admin "$admin_token" ||
		! _kube_kubeconfig "$dir/operator.kubeconfig" "$server" "$ca" rotator-operator "$user_token" ||
		! _kube_kubeconfig "$dir/controller-manager.kubeconfig" "$server" "$ca" \
			system:kube-controller-manager "$cm_token"; then
		kube_down "$state"
		_kube_fail "kube_up: cannot write kubeconfig files in $dir"
		return 1
	fi

	_kube_start_one "$dir" controller-manager || { kube_down "$state"; return 1; }

	cat >>"$state/testbed.env" <<EOF
TESTBED_KUBE_SERVER=$server
TESTBED_KUBE_CA=$ca
TESTBED_KUBE_ADMIN_TOKEN=$admin_token
TESTBED_KUBE_USER_TOKEN=$user_token
TESTBED_KUBE_USER_NAME=rotator-operator
TESTBED_KUBECONFIG=$dir/admin.kubeconfig
TESTBED_KUBECONFIG_USER=$dir/operator.kubeconfig
TESTBED_ETCD_ENDPOINT=$etcd_url
TESTBED_KUBE_DIR=$dir
TESTBED_KUBE_BIN=$bin
EOF
	_kube_log "up: apiserver $server, etcd $etcd_url (state in $dir)"
}

kube_down() {
	local state=${1:-}
	[[ -n $state ]] || return 0
	local dir=$state/kube name i
	[[ -d $dir ]] || return 0
	for ((i = ${#_KUBE_COMPONENTS[@]} - 1; i >= 0; i--)); do
		name=${_KUBE_COMPONENTS[i]}
		_kube_stop_one "$dir" "$name"
	done
	return 0
}

kube_stop() {
	local state=${1:-} name=${2:-}
	[[ -n $state && -n $name ]] || { _kube_fail "kube_stop: usage: kube_stop STATE_DIR etcd|apiserver|controller-manager"; return 1; }
	_kube_check_component "$name" || return 1
	_kube_stop_one "$state/kube" "$name"
}

kube_start() {
	local state=${1:-} name=${2:-}
	[[ -n $state && -n $name ]] || { _kube_fail "kube_start: usage: kube_start STATE_DIR etcd|apiserver|controller-manager"; return 1; }
	_kube_check_component "$name" || return 1
	_kube_start_one "$state/kube" "$name"
}
