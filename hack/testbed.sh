#!/usr/bin/env bash
# The test bed: real servers on loopback, each on a free port with its state in one directory.
#
#   hack/testbed.sh install                 install Debian packages and build/cache what is missing
#   hack/testbed.sh up [DIR]                start every server; prints DIR; DIR/testbed.env holds the endpoints
#   hack/testbed.sh down DIR                stop everything started in DIR and remove DIR
#   hack/testbed.sh env DIR                 print DIR/testbed.env
#   hack/testbed.sh stop|start DIR COMPONENT [PROCESS]   fault injection: stop or restart one server
#
# TESTBED_COMPONENTS (default: "kube mariadb mysql postgres moto slapd helm prometheus") selects the servers
# (helm: the chart renderer, built, not started; prometheus: Prometheus and promtool, recorded, not
# started: a test starts its own Prometheus when it needs one).
# TESTBED_TOOLS (default: "lua") selects the tools `install` adds as well; they have no server to start.
# A server that cannot start does not stop the others: its reason is recorded as
# TESTBED_<COMPONENT>_ERROR in testbed.env, so the test fixture can fail (CI) or skip with it.
set -uo pipefail

TESTBED_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/testbed"
# shellcheck source=testbed/common.sh
source "$TESTBED_HOME/common.sh"
for f in kube mariadb mysql postgres moto slapd helm prometheus lua; do
  # shellcheck disable=SC1090
  source "$TESTBED_HOME/$f.sh"
done

components="${TESTBED_COMPONENTS:-kube mariadb mysql postgres moto slapd helm prometheus}"
# testbed.env records the list comma-separated; a caller that exported it (set -a; source) passes that form.
components="${components//,/ }"
tools="${TESTBED_TOOLS:-lua}"

upper() { tr '[:lower:]' '[:upper:]' <<<"$1"; }

cmd_install() {
  local c failed=0
  for c in $components $tools; do
    echo "testbed: installing $c" >&2
    if ! "${c}_install"; then
      echo "testbed: install of $c failed" >&2
      failed=1
    fi
  done
  return $failed
}

cmd_up() {
  local dir="${1:-}"
  if [[ -z "$dir" ]]; then dir="$(mktemp -d /tmp/rotator-testbed.XXXXXX)"; fi
  mkdir -p "$dir/logs"
  dir="$(cd "$dir" && pwd)"
  : >"$dir/testbed.env"
  echo "TESTBED_DIR=$dir" >>"$dir/testbed.env"
  echo "TESTBED_COMPONENTS=${components// /,}" >>"$dir/testbed.env"
  # The CA is shared by the TLS servers: make it once, before they start in parallel and race for it.
  tb_ca "$dir" || echo "testbed: could not create the test CA" >&2
  # Servers start in parallel: the slowest (the API server) sets the pace, not the sum.
  local c pids=()
  for c in $components; do
    (
      log="$dir/logs/$c.up.log"
      start=$(date +%s)
      if "${c}_up" "$dir" >"$log" 2>&1; then
        echo "testbed: $c up in $(($(date +%s) - start))s" >&2
      else
        reason="$(grep -v '^[[:space:]]*$' "$log" | tail -n 1 | tr -d '\r')"
        echo "TESTBED_$(upper "$c")_ERROR=${reason:-$c failed to start (see $log)}" >>"$dir/testbed.env"
        echo "testbed: $c FAILED: $reason (log: $log)" >&2
        tail -n 20 "$log" >&2
      fi
    ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  echo "$dir"
}

cmd_down() {
  local dir="${1:?usage: testbed.sh down DIR}" c
  [[ -d "$dir" ]] || return 0
  # Stop what this directory actually started, whatever the caller's TESTBED_COMPONENTS says.
  local started
  started="$(sed -n 's/^TESTBED_COMPONENTS=//p' "$dir/testbed.env" 2>/dev/null | tail -n 1)"
  if [[ -n "$started" ]]; then components="${started//,/ }"; fi
  for c in $components; do "${c}_down" "$dir" >/dev/null 2>&1 || true; done
  rm -rf "$dir"
}

case "${1:-}" in
  install) cmd_install ;;
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  env) cat "${2:?usage: testbed.sh env DIR}/testbed.env" ;;
  stop | start)
    action="$1" dir="${2:?DIR}" comp="${3:?COMPONENT}"
    shift 3
    "${comp}_${action}" "$dir" "$@"
    ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
