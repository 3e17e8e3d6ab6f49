# shellcheck shell=bash
# helm-render: our stand-in for `helm template` (hack/helm-render/main.go), built from Debian's
# packaged Go, Sprig v3, sigs.k8s.io/yaml and gojsonschema, because no helm binary is available.
# Not a server: helm_up only makes sure the renderer is built and records where it is.
#
#   helm_install          apt-install the Go packages and build the renderer into the cache
#   helm_up STATE_DIR     build if needed; TESTBED_HELM_RENDER=<path> in testbed.env
#   helm_down STATE_DIR   nothing to stop
#   bash hack/testbed/helm.sh bin   print the renderer's path, building it if needed (for tests)
#
# The binary is cached under $ROTATOR_CACHE/helm-render/ by the hash of its sources, so an edit to
# main.go rebuilds it and an unchanged one is reused.

_HELM_APT_PKGS=(golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev golang-github-xeipuuv-gojsonschema-dev)
_HELM_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../helm-render" && pwd)"

# helm_render_path: where the renderer for the current sources is (or will be) cached.
helm_render_path() {
    local hash
    hash=$(cat "$_HELM_SRC/main.go" "$_HELM_SRC/go.mod" | sha256sum | cut -c1-16) || return
    printf '%s/helm-render/helm-render-%s\n' "$(tb_cache_dir)" "$hash"
}

# helm_render_build: build the renderer unless the cached one matches the sources.
helm_render_build() {
    local bin work log
    bin=$(helm_render_path) || return
    [ -x "$bin" ] && return 0
    command -v go >/dev/null 2>&1 || { tb_fail "go not installed (run: hack/testbed.sh install with the helm component)"; return; }
    [ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] || { tb_fail "Sprig not installed (golang-github-masterminds-sprig-dev)"; return; }
    mkdir -p "$(dirname "$bin")" || return
    work=$(mktemp -d "$(dirname "$bin")/.build.XXXXXX") || return
    log="$work.log"
    # GOPATH mode: the package must sit under GOPATH/src to be built against /usr/share/gocode.
    mkdir -p "$work/src/rotator/helm-render" || return
    cp "$_HELM_SRC/main.go" "$_HELM_SRC/go.mod" "$work/src/rotator/helm-render/" || return
    if ! (cd "$work/src/rotator/helm-render" &&
        GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOFLAGS= GOPROXY=off \
            go build -o "$work/helm-render" .) >"$log" 2>&1; then
        tb_log_tail "$log"
        rm -rf "$work"
        tb_fail "building hack/helm-render failed (log: $log)"
        return
    fi
    # A rename is atomic: a concurrent build never leaves a half-written binary at $bin.
    mv -f "$work/helm-render" "$bin" && rm -rf "$work" "$log"
}

helm_install() {
    tb_apt_install "${_HELM_APT_PKGS[@]}" || return
    helm_render_build
}

helm_up() {
    helm_render_build || return
    tb_env "$1" TESTBED_HELM_RENDER "$(helm_render_path)"
}

helm_down() {
    tb_env_clear "$1" TESTBED_HELM_
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    # Run directly (by the chart tests): build if needed, print the path.
    # shellcheck source=common.sh
    source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
    case "${1:-}" in
        bin) helm_render_build && helm_render_path ;;
        *) echo "usage: bash hack/testbed/helm.sh bin" >&2; exit 2 ;;
    esac
fi
