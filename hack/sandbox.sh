#!/usr/bin/env bash
# The local sandbox: Rotator's demo on real servers, in one command.
#
#   hack/sandbox.sh [--once] [-- OPERATOR_ARGS...]
#
# 1. starts the test bed's Kubernetes API server + controller manager, MariaDB, PostgreSQL and Secrets Manager (moto);
#    installs the CRD and the RBAC of config/, creates the namespace `demo`;
# 2. seeds a demo application: AWS secrets demo/mariadb-admin, demo/orders-db, demo/reports-db,
#    demo/payments-api-key, demo/signing-key (binary), demo/postgres-admin, demo/inventory-db, demo/billing-db, the MySQL users and
#    PostgreSQL roles they name, and a Deployment consuming each Secret;
# 3. runs the operator in the background (log: STATE/logs/operator.log) under the test bed's plain identity,
#    bound to exactly config/rbac in `demo`, with the test bed's CA as --postgresql-ca-file (tls: VerifyFull);
# 4. applies examples/*.yaml;
# 5. rotates each example every SANDBOX_ROTATE_EVERY seconds (default 45) with rotator.io/rotate-now and shows
#    the RotatingSecrets and the namespace's events live until Ctrl-C;
# 6. stops the operator and the servers and removes their state on exit.
#
# --once (or SANDBOX_ONESHOT=1): no live view; exits 0 once every example rotated at least once and its
# Secret holds the new version and no value the secrets held appears in the output, the operator log, events
# or statuses; 1 with the reason otherwise (within SANDBOX_TIMEOUT seconds, default 300).
# SANDBOX_KUBELET=0: do not mark pods Ready (see what the drain gate does when consumers never roll out).
# Needs only the .NET SDK, python3 and root (apt-get) on Debian 12. Secret values are never printed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

once="${SANDBOX_ONESHOT:-0}"
operator_args=()
while (($#)); do
  case "$1" in
    --once) once=1 ;;
    --) shift; operator_args=("$@"); break ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sandbox: unknown argument $1 (operator arguments go after --)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$once" == 1 || "$once" == true ]] && once=1 || once=0

say() { printf 'sandbox: %s\n' "$*" >&2; }
fail() {
  say "FAILED: $*"
  exit 1
}

# Only what the demo uses: the API server, MariaDB, PostgreSQL and moto start in seconds once cached.
export TESTBED_COMPONENTS="kube mariadb postgres moto"
helper=(python3 hack/sandbox/sandbox.py)
state=""
operator=""
build=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$build" ]]; then kill "$build" 2>/dev/null; fi
  if [[ -n "$operator" ]] && kill -0 "$operator" 2>/dev/null; then
    say "stopping the operator"
    # TERM: the operator shuts down gracefully and releases its Lease; KILL only if it hangs.
    kill -TERM "$operator" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$operator" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$operator" 2>/dev/null
    wait "$operator" 2>/dev/null
  fi
  if [[ -n "$state" ]]; then
    if ((rc != 0 && rc != 130)) && [[ -s "$state/logs/operator.log" ]]; then
      # Operator logs name resources, versions and reasons, never values: safe to show.
      say "last lines of the operator log:"
      tail -n 25 "$state/logs/operator.log" >&2
    fi
    say "stopping the servers and removing $state"
    hack/testbed.sh down "$state" >/dev/null 2>&1 || true
    rm -rf "$state"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v python3 >/dev/null || fail "python3 is needed (apt-get install python3)"
hack/testbed.sh install >&2 || fail "the test bed could not be installed (see above)"

# The build runs while the servers start: on 2 cores both take a while, together less.
state="$(mktemp -d /tmp/rotator-sandbox.XXXXXX)"
mkdir -p "$state/logs"
say "building the operator (log: $state/logs/build.log)"
dotnet build src/Operator -c Release -nologo -v quiet >"$state/logs/build.log" 2>&1 &
build=$!
say "starting the test bed servers"
hack/testbed.sh up "$state" >/dev/null
set -a
# shellcheck disable=SC1091
source "$state/testbed.env"
set +a
for c in KUBE MARIADB POSTGRES MOTO; do
  error="TESTBED_${c}_ERROR"
  [[ -z "${!error:-}" ]] || fail "test bed server ${c,,} did not start: ${!error}"
done
wait "$build" || { tail -n 30 "$state/logs/build.log" >&2; build=""; fail "the operator did not build"; }
build=""

# 1. The CRD, the operator's RBAC bound to the test bed's plain identity in `demo`, the namespace.
"${helper[@]}" create /apis/apiextensions.k8s.io/v1/customresourcedefinitions config/crds/rotatingsecrets.rotator.io.yaml || fail "CRD"
"${helper[@]}" create /apis/rbac.authorization.k8s.io/v1/clusterroles config/rbac/clusterrole.yaml config/rbac/leader-election-role.yaml || fail "RBAC"
cat >"$state/demo-namespace.yaml" <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: demo
YAML
bindings="$state/demo-rbac.yaml"
for role in rotator-operator rotator-leader-election; do
  cat >>"$bindings" <<YAML
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: $role
  namespace: demo
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: $role }
subjects: [ { apiGroup: rbac.authorization.k8s.io, kind: User, name: $TESTBED_KUBE_USER_NAME } ]
YAML
done
"${helper[@]}" create /api/v1/namespaces "$state/demo-namespace.yaml" || fail "namespace demo"
"${helper[@]}" create /apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings "$bindings" || fail "RoleBindings"
# The CRD must be established before RotatingSecrets can be created.
for _ in $(seq 1 30); do
  curl -s -o /dev/null -w '%{http_code}' --cacert "$TESTBED_KUBE_CA" -H @<(printf 'Authorization: Bearer %s\n' "$TESTBED_KUBE_ADMIN_TOKEN") \
    "$TESTBED_KUBE_SERVER/apis/rotator.io/v1alpha1/namespaces/demo/rotatingsecrets" | grep -q 200 && break
  sleep 1
done

# 2. The demo application: AWS secrets, MySQL users and PostgreSQL roles (the SQL goes through a pipe or a private
#    file, never to the screen), consumers.
client="$state/mariadb-admin.cnf"
(umask 077 && printf '[client]\nuser=%s\npassword=%s\nhost=%s\nport=%s\nprotocol=TCP\n' \
  "$TESTBED_MARIADB_USER" "$TESTBED_MARIADB_PASSWORD" "$TESTBED_MARIADB_HOST" "$TESTBED_MARIADB_PORT" >"$client")
pg_sql="$state/postgres-seed.sql"
"${helper[@]}" seed --postgres-sql "$pg_sql" | mariadb --defaults-extra-file="$client" || fail "seeding Secrets Manager and MariaDB"
say "created MySQL users orders and reports with a database each"
PGPASSWORD="$TESTBED_POSTGRES_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -f "$pg_sql" \
  "host=$TESTBED_POSTGRES_HOST port=$TESTBED_POSTGRES_PORT user=$TESTBED_POSTGRES_USER dbname=postgres sslmode=verify-full sslrootcert=$TESTBED_POSTGRES_CA" \
  >/dev/null || fail "seeding PostgreSQL"
rm -f "$pg_sql"
say "created PostgreSQL roles inventory and billing with a database each"
"${helper[@]}" create /apis/apps/v1/namespaces/demo/deployments hack/sandbox/demo-apps.yaml || fail "Deployments"

# 3. The operator, as a user would run it outside a cluster: kubeconfig, AWS environment, its own flags.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
say "starting the operator (log: $state/logs/operator.log, health: http://127.0.0.1:$port/readyz)"
# Run the built operator directly (not through `dotnet run`), so the TERM of the cleanup reaches it.
AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_ENDPOINT_URL_SECRETS_MANAGER="$TESTBED_MOTO_URL" \
  dotnet src/Operator/bin/Release/net10.0/rotator.dll \
  --kubeconfig "$TESTBED_KUBECONFIG_USER" --namespaces demo --lease-namespace demo \
  --postgresql-ca-file "$TESTBED_POSTGRES_CA" --listen "http://127.0.0.1:$port" "${operator_args[@]}" >"$state/logs/operator.log" 2>&1 &
operator=$!
ready=""
for _ in $(seq 1 120); do
  kill -0 "$operator" 2>/dev/null || fail "the operator exited at start"
  ready="$(curl -s "http://127.0.0.1:$port/readyz" || true)"
  [[ "$ready" == ok* ]] && break
  sleep 0.5
done
[[ "$ready" == ok* ]] || fail "the operator was not ready within 60 s: ${ready:-no answer}"
say "operator ready: $ready"

# 4. The examples, exactly as a user applies them.
"${helper[@]}" create /apis/rotator.io/v1alpha1/namespaces/demo/rotatingsecrets examples/*.yaml || fail "examples"

# 5. Watch, rotate, report.
names=(orders-db reports-db payments-api-key inventory-db billing-db signing-key)
hint="kubeconfig: $TESTBED_KUBECONFIG   operator log: $state/logs/operator.log
Passwords are never shown: VERSION is the AWS version id, USER the database user (orders <-> orders_clone, inventory <-> inventory_clone)."
if ((once)); then
  "${helper[@]}" watch --once --operator-pid "$operator" "${names[@]}" 2>&1 | tee "$state/logs/watch.out" \
    || fail "not every example rotated and mirrored within ${SANDBOX_TIMEOUT:-300} s"
  kill -0 "$operator" 2>/dev/null || fail "the operator exited"
  # The promise the table makes: no value in what the sandbox printed, the operator logged, or the API holds.
  "${helper[@]}" canary "$state/logs/watch.out" "$state/logs/operator.log" || fail "a secret value leaked"
  exit 0
fi
# In the foreground, so Ctrl-C reaches it; it stops by itself if the operator dies under it.
"${helper[@]}" watch --operator-pid "$operator" --hint "$hint" "${names[@]}"
