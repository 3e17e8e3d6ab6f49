#!/usr/bin/env python3
"""The sandbox's hands and eyes on the test bed (called by hack/sandbox.sh, which exports testbed.env).

  sandbox.py create COLLECTION FILE...   POST each YAML document of FILE to the API server path COLLECTION
  sandbox.py seed --postgres-sql FILE    create the demo secrets in Secrets Manager (moto); print the SQL
                                         that creates the matching MySQL users on standard output, and
                                         write the SQL for the PostgreSQL roles to FILE (mode 0600)
  sandbox.py watch [--once] NAME...      show the RotatingSecrets NAME... live, trigger rotations, play
                                         the kubelet; --once: exit 0 once each rotated and mirrored
  sandbox.py canary FILE...              fail if any value the demo secrets held appears in FILE..., the
                                         events or the RotatingSecrets (names the place, not the value)

Python's standard library only (the test bed needs python3 already) and raw HTTP rather than kubectl:
the test bed's API server is 1.20 and a fresh machine has no kubectl.

Secret values: `seed` generates them and hands them to moto, through a pipe to the mariadb client, and through
a private file to psql (which the sandbox deletes once read); nothing here prints a value. The table shows version ids and user names only, which are not secret.
"""

import argparse
import base64
import json
import os
import re
import secrets
import signal
import ssl
import string
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

NAMESPACE = "demo"
RS_PATH = f"/apis/rotator.io/v1alpha1/namespaces/{NAMESPACE}/rotatingsecrets"
ROTATE_NOW = "rotator.io/rotate-now"
VERSION_ANNOTATION = "rotator.io/version-id"


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"sandbox.py: {name} is not set (run through hack/sandbox.sh)")
    return value


# ----------------------------------------------------------------------------- Kubernetes --

class Kube:
    def __init__(self):
        self.server = env("TESTBED_KUBE_SERVER")
        self.token = env("TESTBED_KUBE_ADMIN_TOKEN")
        self.tls = ssl.create_default_context(cafile=env("TESTBED_KUBE_CA"))

    def call(self, method, path, body=None, content_type="application/json", ok_conflict=False):
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(self.server + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, context=self.tls, timeout=15) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as e:
            if ok_conflict and e.code == 409:
                return None
            # The API server's Status message names the object and the rule; it never holds a secret value
            # (the sandbox sends no Secret objects).
            detail = e.read().decode(errors="replace")
            try:
                detail = json.loads(detail).get("message", detail)
            except ValueError:
                pass
            raise RuntimeError(f"{method} {path} answered {e.code}: {detail}") from None

    def get(self, path):
        return self.call("GET", path)

    def merge_patch(self, path, patch):
        return self.call("PATCH", path, json.dumps(patch), "application/merge-patch+json")


def cmd_create(args):
    kube = Kube()
    for file in args.files:
        with open(file, encoding="utf-8") as f:
            documents = [d for d in re.split(r"^---\s*$", f.read(), flags=re.M) if re.search(r"^kind:", d, re.M)]
        for document in documents:
            kind = re.search(r"^kind:\s*(\S+)", document, re.M).group(1)
            name = re.search(r"^  name:\s*(\S+)", document, re.M).group(1)
            # The API server parses YAML itself; an object left by an earlier run is kept as it is.
            created = kube.call("POST", args.collection, document, "application/yaml", ok_conflict=True)
            print(f"sandbox: {'created' if created else 'exists:'} {kind} {name}", file=sys.stderr)


# ------------------------------------------------------------------------ Secrets Manager --

def moto_call(action, payload):
    request = urllib.request.Request(env("TESTBED_MOTO_URL") + "/", data=json.dumps(payload).encode(), method="POST")
    request.add_header("Content-Type", "application/x-amz-json-1.1")
    request.add_header("X-Amz-Target", "secretsmanager." + action)
    # moto reads the region from the credential scope and checks no signature.
    request.add_header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/secretsmanager/aws4_request, "
                       "SignedHeaders=host, Signature=0")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        body = e.read().decode(errors="replace")
        kind = json.loads(body).get("__type", "") if body.startswith("{") else ""
        raise RuntimeError(f"Secrets Manager {action} answered {e.code} {kind}") from None


def password(length=24):
    # Letters and digits only: no quoting questions in the SQL below.
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def cmd_seed(args):
    if sys.stdout.isatty():
        # The SQL below holds the new users' passwords: it is for a pipe into the mariadb client, not a screen.
        sys.exit("sandbox.py seed: standard output is a terminal; pipe it into the mariadb client")
    host, port = env("TESTBED_MARIADB_HOST"), int(env("TESTBED_MARIADB_PORT"))
    server = {"engine": "mysql", "host": host, "port": port}
    pg = {"engine": "postgres", "host": env("TESTBED_POSTGRES_HOST"), "port": int(env("TESTBED_POSTGRES_PORT"))}
    orders, reports, inventory, billing = password(), password(), password(), password()
    documents = {
        # The server's admin login, as a DBA would store it: the alternating-users strategy creates the
        # `_clone` user and changes passwords with it.
        "demo/mariadb-admin": {**server, "username": env("TESTBED_MARIADB_USER"), "password": env("TESTBED_MARIADB_PASSWORD")},
        "demo/orders-db": {**server, "username": "orders", "password": orders, "dbname": "orders", "masterarn": "demo/mariadb-admin"},
        "demo/reports-db": {**server, "username": "reports", "password": reports, "dbname": "reports"},
        "demo/payments-api-key": {"apiKey": password(40)},
        # The same on PostgreSQL: the test bed's superuser as the admin, a role per example.
        "demo/postgres-admin": {**pg, "username": env("TESTBED_POSTGRES_USER"), "password": env("TESTBED_POSTGRES_PASSWORD"), "dbname": "postgres"},
        "demo/inventory-db": {**pg, "username": "inventory", "password": inventory, "dbname": "inventory", "masterarn": "demo/postgres-admin"},
        "demo/billing-db": {**pg, "username": "billing", "password": billing, "dbname": "billing"},
    }
    for name, document in documents.items():
        moto_call("CreateSecret", {"Name": name, "SecretString": json.dumps(document), "ClientRequestToken": str(uuid.uuid4())})
        print(f"sandbox: created AWS secret {name}", file=sys.stderr)
    # The binary example: 32 random bytes as SecretBinary (the JSON protocol carries them base64-encoded).
    moto_call("CreateSecret", {"Name": "demo/signing-key", "SecretBinary": base64.b64encode(secrets.token_bytes(32)).decode(),
                               "ClientRequestToken": str(uuid.uuid4())})
    print("sandbox: created AWS secret demo/signing-key", file=sys.stderr)
    # The users the secrets name, with a database each; the admin login gives the clone the same grants.
    print(f"""
CREATE DATABASE IF NOT EXISTS orders;
CREATE DATABASE IF NOT EXISTS reports;
CREATE USER 'orders'@'%' IDENTIFIED BY '{orders}';
GRANT ALL PRIVILEGES ON orders.* TO 'orders'@'%';
CREATE USER 'reports'@'%' IDENTIFIED BY '{reports}';
GRANT SELECT ON reports.* TO 'reports'@'%';
""")
    # The roles own their databases. The server logs every statement (log_statement = all): this session, as the
    # superuser, turns that off first so the seeded passwords stay out of the server log.
    with open(os.open(args.postgres_sql, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
        f.write(f"""SET log_statement = 'none';
CREATE ROLE inventory LOGIN PASSWORD '{inventory}';
CREATE DATABASE inventory OWNER inventory;
CREATE ROLE billing LOGIN PASSWORD '{billing}';
CREATE DATABASE billing OWNER billing;
""")


def cmd_canary(args):
    """Every value any version of the demo secrets ever held must be absent from FILES and from the namespace's
    events and RotatingSecret statuses. A hit names the place and the value's length, never the value."""
    values = set()
    for name in ("demo/mariadb-admin", "demo/orders-db", "demo/reports-db", "demo/payments-api-key",
                 "demo/postgres-admin", "demo/inventory-db", "demo/billing-db", "demo/signing-key"):
        versions = moto_call("ListSecretVersionIds", {"SecretId": name, "IncludeDeprecated": True}).get("Versions", [])
        for v in versions:
            value = moto_call("GetSecretValue", {"SecretId": name, "VersionId": v["VersionId"]})
            if "SecretBinary" in value:
                # A binary value would show as its base64 text (the Secret's data, a log line).
                values.add(value["SecretBinary"])
                continue
            text = value.get("SecretString", "")
            values.add(text)
            document = json.loads(text)
            values.update(str(document[k]) for k in ("password", "apiKey") if k in document)
    values = {v for v in values if len(v) >= 8}
    kube = Kube()
    places = [(f, open(f, encoding="utf-8", errors="replace").read()) for f in args.files]
    places.append(("events", json.dumps(kube.get(f"/api/v1/namespaces/{NAMESPACE}/events"))))
    places.append(("RotatingSecrets", json.dumps(kube.get(RS_PATH))))
    for where, text in places:
        for value in values:
            if value in text:
                print(f"sandbox: a secret value ({len(value)} characters) appears in {where}", file=sys.stderr)
                return 1
    print(f"sandbox: none of the {len(values)} secret values the demo's AWS secrets held appears in the output, "
          "the operator log, the events or the RotatingSecrets", flush=True)
    return 0


# ---------------------------------------------------------------------------------- watch --

def condition(resource, kind):
    for c in (resource.get("status") or {}).get("conditions") or []:
        if c.get("type") == kind:
            return c
    return {}


def ago(timestamp, now):
    if not timestamp:
        return "-"
    # Second precision is enough here; the operator writes fractions, the API server does not.
    then = datetime.strptime(timestamp[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    seconds = max(0, int((now - then).total_seconds()))
    return f"{seconds}s ago" if seconds < 120 else f"{seconds // 60}m ago"


def restarts(status):
    # How many restarts the status records, then the current version's: which workload, and whether it rolled out.
    records = status.get("restarts") or []
    current = [f"{r.get('name')} {'rolled out' if r.get('rolledOut') else 'rolling'}"
               for r in records if r.get("versionId") == status.get("currentVersionId")]
    return f"{len(records)}" + (f" ({', '.join(current)})" if current else "") if records else "-"


def table(resources, now):
    rows = [("NAME", "STRATEGY", "READY", "ROTATING", "VERSION", "USER", "LAST ROTATION", "ROTATIONS", "RESTARTS")]
    for r in resources:
        status = r.get("status") or {}
        history = status.get("history") or []
        rows.append((
            r["metadata"]["name"],
            r["spec"]["rotation"]["strategy"],
            condition(r, "Ready").get("status", "-"),
            condition(r, "Rotating").get("reason", "-"),
            (status.get("currentVersionId") or "-")[:8],
            status.get("currentUsername") or "-",
            ago(status.get("lastRotationTime"), now),
            str(sum(1 for h in history if h.get("result") == "Succeeded")),
            restarts(status),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)


def event_line(e):
    obj = e.get("involvedObject") or e.get("regarding") or {}
    when = (e.get("lastTimestamp") or e.get("eventTime") or e.get("metadata", {}).get("creationTimestamp") or "")[11:19]
    count = f" (x{e['count']})" if (e.get("count") or 1) > 1 else ""
    return f"{when} {obj.get('kind', '')}/{obj.get('name', '')} {e.get('reason', '')}: {e.get('message', '')}{count}"


def play_kubelet(kube):
    """What a kubelet would report for every pod: running and ready. Without it, rollouts never finish and
    the drain gate holds the second alternating-users rotation forever (SANDBOX_KUBELET=0 shows exactly that)."""
    marked = 0
    for pod in kube.get(f"/api/v1/namespaces/{NAMESPACE}/pods").get("items", []):
        if pod["metadata"].get("deletionTimestamp") or (pod.get("status") or {}).get("phase") == "Running":
            continue
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        ready = [{"type": t, "status": "True", "lastTransitionTime": now} for t in ("Ready", "ContainersReady")]
        kube.merge_patch(f"/api/v1/namespaces/{NAMESPACE}/pods/{pod['metadata']['name']}/status",
                         {"status": {"phase": "Running", "startTime": now, "conditions": ready}})
        marked += 1
    return marked


def rotated_and_mirrored(kube, resource):
    """Why NAME is not done yet, or None: a succeeded rotation whose version is AWSCURRENT, Ready, and in the Secret."""
    status = resource.get("status") or {}
    history = status.get("history") or []
    if not any(h.get("result") == "Succeeded" for h in history):
        return "no rotation finished yet"
    if condition(resource, "Ready").get("status") != "True":
        return f"not Ready ({condition(resource, 'Ready').get('reason', 'no condition')})"
    if history[0].get("versionId") != status.get("currentVersionId"):
        return "the newest rotation is not the mirrored version yet"
    name = (resource["spec"].get("target") or {}).get("name") or resource["metadata"]["name"]
    try:
        secret = kube.get(f"/api/v1/namespaces/{NAMESPACE}/secrets/{name}")
    except RuntimeError:
        return f"Secret {name} not found"
    # Only the annotations are read; the Secret's data is never looked at.
    if (secret["metadata"].get("annotations") or {}).get(VERSION_ANNOTATION) != status.get("currentVersionId"):
        return f"Secret {name} does not hold the current version yet"
    return None


def idle(resource):
    # Ready and nothing in flight; a rotation held by the drain gate counts as in flight.
    rotating = condition(resource, "Rotating")
    return (condition(resource, "Ready").get("status") == "True" and rotating.get("status") != "True"
            and rotating.get("reason") != "WaitingForRollout")


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def cmd_watch(args):
    # Ctrl-C ends the view even when the sandbox was started with SIGINT ignored (a background job of a
    # script, some CI runners): Python then leaves it ignored, and the sandbox would never clean up.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    kube = Kube()
    interactive = sys.stdout.isatty() and not args.once
    kubelet = os.environ.get("SANDBOX_KUBELET", "1") != "0"
    every = float(os.environ.get("SANDBOX_ROTATE_EVERY", "45"))
    deadline = time.monotonic() + float(os.environ.get("SANDBOX_TIMEOUT", "300"))
    # Rotations are staggered: one resource every `every / len(names)` seconds, each one every `every`.
    next_trigger = {name: time.monotonic() + (0 if args.once else 5 + i * every / len(args.names)) for i, name in enumerate(args.names)}
    triggered = {name: 0 for name in args.names}
    seen, recent, last_table = {}, [], None
    notes = []
    if kubelet:
        notes.append("No kubelet in the test bed: pods never run. The sandbox marks new pods Ready itself, as a kubelet "
                     "would, so rollouts finish and the drain gate opens (SANDBOX_KUBELET=0 to see it hold).")
    else:
        notes.append("No kubelet in the test bed: pods never run, rollouts never finish; an alternating-users "
                     "rotation after the first waits for the rollout (WaitingForRollout).")
    print("\n".join(notes), flush=True)
    while True:
        if args.operator_pid and not alive(args.operator_pid):
            print("sandbox: the operator exited", file=sys.stderr)
            return 1
        now = datetime.now(timezone.utc)
        items = {r["metadata"]["name"]: r for r in kube.get(RS_PATH).get("items", [])}
        resources = [items[n] for n in args.names if n in items]
        for name in args.names:
            r = items.get(name)
            if r is None or time.monotonic() < next_trigger[name] or (args.once and triggered[name]):
                continue
            if not idle(r):
                continue
            # A new value each time: the operator acts on a value once, so re-applying a manifest never rotates twice.
            value = f"sandbox-{int(time.time())}"
            kube.merge_patch(f"{RS_PATH}/{name}", {"metadata": {"annotations": {ROTATE_NOW: value}}})
            triggered[name] += 1
            next_trigger[name] = time.monotonic() + every
            recent.append(f"{now:%H:%M:%S} sandbox: annotated {name} {ROTATE_NOW}={value}")
            if not interactive:
                print(recent[-1], flush=True)
        if kubelet:
            play_kubelet(kube)
        # In the order they were written (timestamps have whole seconds only; resourceVersion is etcd's revision).
        for e in sorted(kube.get(f"/api/v1/namespaces/{NAMESPACE}/events").get("items", []),
                        key=lambda e: int(e["metadata"].get("resourceVersion") or 0)):
            key, count = e["metadata"]["uid"], e.get("count") or 1
            if seen.get(key) == count:
                continue
            seen[key] = count
            recent.append(event_line(e))
            if not interactive:
                print(recent[-1], flush=True)
        recent = recent[-args.events:]
        text = table(resources, now)
        if interactive:
            # Redraw in place: clear the screen, then the table and the newest events.
            sys.stdout.write("\033[H\033[2J" + f"Rotator sandbox  {now:%H:%M:%S} UTC  (Ctrl-C stops and cleans up)\n\n"
                             + text + "\n\nEvents (newest last):\n  " + "\n  ".join(recent) + "\n\n" + args.hint + "\n")
            sys.stdout.flush()
        elif text != last_table:
            print(text, flush=True)
            last_table = text
        if args.once:
            waiting = {n: (rotated_and_mirrored(kube, items[n]) if n in items else "not created") for n in args.names}
            waiting = {n: why for n, why in waiting.items() if why}
            if not waiting:
                print("sandbox: every example rotated at least once and its Secret holds the new version", flush=True)
                return 0
            if time.monotonic() > deadline:
                for n, why in waiting.items():
                    print(f"sandbox: {n}: {why}; Rotating: {condition(items.get(n, {}), 'Rotating').get('message', '-')}", file=sys.stderr)
                return 1
        time.sleep(args.interval)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create")
    create.add_argument("collection")
    create.add_argument("files", nargs="+")
    create.set_defaults(run=cmd_create)
    seed = commands.add_parser("seed")
    seed.add_argument("--postgres-sql", required=True)
    seed.set_defaults(run=cmd_seed)
    canary = commands.add_parser("canary")
    canary.add_argument("files", nargs="*")
    canary.set_defaults(run=cmd_canary)
    watch = commands.add_parser("watch")
    watch.add_argument("--once", action="store_true")
    watch.add_argument("--interval", type=float, default=3)
    watch.add_argument("--events", type=int, default=15)
    watch.add_argument("--hint", default="")
    watch.add_argument("--operator-pid", type=int)
    watch.add_argument("names", nargs="+")
    watch.set_defaults(run=cmd_watch)
    args = parser.parse_args()
    try:
        sys.exit(args.run(args))
    except KeyboardInterrupt:
        sys.exit(130)
    except RuntimeError as e:
        sys.exit(f"sandbox: {e}")


if __name__ == "__main__":
    main()
