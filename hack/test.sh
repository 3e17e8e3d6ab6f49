#!/usr/bin/env bash
# Runs every test against the real servers of the test bed, then prints
#   tests: N passed, N failed[, N skipped]
# as its last line. Needs only the .NET SDK and root (for apt-get) on Debian 12; the test bed
# installs and caches everything else (first run: ~10 minutes, mostly building kube-apiserver).
#
# Environment: CI=true makes a server that cannot start fail the tests that need it (never a skip).
#              TEST_FILTER=<dotnet test --filter expression> runs a subset.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

if ! command -v dotnet >/dev/null; then
  echo "hack/test.sh: the .NET SDK 10 (dotnet) is required on PATH" >&2
  exit 1
fi

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== test bed: install (cached after the first run)"
hack/testbed.sh install || echo "hack/test.sh: some test bed servers failed to install; their tests will report why" >&2

state="$(mktemp -d /tmp/rotator-testbed.XXXXXX)"
cleanup() { hack/testbed.sh down "$state" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM
echo "== test bed: up ($state)"
hack/testbed.sh up "$state" >/dev/null
export ROTATOR_TESTBED_ENV="$state/testbed.env"

echo "== build"
dotnet build Operator.sln -c Release -nologo -v quiet
build_rc=$?

test_rc=1
if [[ $build_rc -eq 0 ]]; then
  echo "== test"
  args=(test Operator.sln -c Release --no-build -nologo -maxcpucount:1 --logger "trx" --logger "console;verbosity=normal" --results-directory "$results")
  if [[ -n "${TEST_FILTER:-}" ]]; then args+=(--filter "$TEST_FILTER"); fi
  dotnet "${args[@]}"
  test_rc=$?
fi

cleanup
trap - EXIT INT TERM
python3 hack/test-summary.py "$results" "$build_rc" "$test_rc"
