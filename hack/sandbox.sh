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

if [[ -n "${TESTBED_KUBE_SERVER:-}" ]]; then
  # Install the RotatingSecret CRD, so `kubectl apply -f examples/...` works against the sandbox.
  curl -sS --fail-with-body --cacert "$TESTBED_KUBE_CA" -H "Authorization: Bearer $TESTBED_KUBE_ADMIN_TOKEN" \
    -H "Content-Type: application/yaml" --data-binary @config/crds/rotatingsecrets.rotator.io.yaml \
    "$TESTBED_KUBE_SERVER/apis/apiextensions.k8s.io/v1/customresourcedefinitions" >/dev/null \
    && echo "sandbox: installed the RotatingSecret CRD"
fi

export KUBECONFIG="${TESTBED_KUBECONFIG:-}"
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_ENDPOINT_URL_SECRETS_MANAGER="${TESTBED_MOTO_URL:-}"
dotnet build src/Operator -c Release -nologo -v quiet || exit 1
# Run the built operator directly (not through `dotnet run`), so Ctrl-C or a TERM reaches it and it
# shuts down gracefully (lease released) before the servers are stopped.
dotnet src/Operator/bin/Release/net10.0/rotator.dll "$@" &
operator=$!
trap 'kill -TERM "$operator" 2>/dev/null' INT TERM
wait "$operator"
rc=$?
wait "$operator" 2>/dev/null
exit $rc
