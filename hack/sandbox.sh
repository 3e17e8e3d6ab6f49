#!/usr/bin/env bash
# The local sandbox: starts the test bed's real servers (Kubernetes API server, MariaDB, MySQL,
# Secrets Manager on moto, slapd) and runs the operator against them until you press Ctrl-C;
# then everything is stopped and removed. Needs only the .NET SDK and root (apt-get) on Debian 12.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

hack/testbed.sh install || echo "sandbox: some servers failed to install; continuing with the others" >&2
state="$(mktemp -d /tmp/rotator-sandbox.XXXXXX)"
cleanup() {
  echo "sandbox: stopping servers"
  hack/testbed.sh down "$state" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
hack/testbed.sh up "$state" >/dev/null
set -a
# shellcheck disable=SC1091
source "$state/testbed.env"
set +a

cat <<INFO

Rotator sandbox is up (state: $state)
  Kubernetes API server   ${TESTBED_KUBE_SERVER:-unavailable: ${TESTBED_KUBE_ERROR:-}}
    kubectl --kubeconfig ${TESTBED_KUBECONFIG:-} get ns
  Secrets Manager (moto)  ${TESTBED_MOTO_URL:-unavailable: ${TESTBED_MOTO_ERROR:-}}
    AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing aws --region us-east-1 --endpoint-url ${TESTBED_MOTO_URL:-} secretsmanager list-secrets
  MariaDB 10.11           ${TESTBED_MARIADB_HOST:-unavailable}:${TESTBED_MARIADB_PORT:-} (CA ${TESTBED_MARIADB_CA:-})
  MySQL 9.7               ${TESTBED_MYSQL_HOST:-unavailable}:${TESTBED_MYSQL_PORT:-}
  LDAP (slapd)            ${TESTBED_LDAP_URL:-unavailable}
  Operator health         http://127.0.0.1:8080/healthz
Press Ctrl-C to stop.

INFO

export KUBECONFIG="${TESTBED_KUBECONFIG:-}"
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_ENDPOINT_URL_SECRETS_MANAGER="${TESTBED_MOTO_URL:-}"
dotnet run --project src/Operator -c Release -- "$@"
