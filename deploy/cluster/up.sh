#!/usr/bin/env bash
# Starts the whole local cluster on loopback ports: PostgreSQL, nats-server (JetStream), two control-plane replicas,
# HAProxy, two tier-1 edges and one tier-2 edge. Waits until every node is ready, creates a project, an environment's
# keys and a demo flag on first start (run/keys.env), and prints the endpoints. Stop it with down.sh.
#   VEXIL_BUILD=PATH (a vexil executable, vexil.dll or a folder of either), VEXIL_EXE=/path/to/vexil or
#   VEXIL_DLL=/path/to/vexil.dll: use that build instead of publishing one to run/bin.
set -euo pipefail
cd "$(dirname "$0")"
. ./cluster.env
RUN="$PWD/run"
started=$SECONDS

for tool in nats-server haproxy curl; do
  command -v "$tool" > /dev/null || { echo "up.sh: $tool is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || { echo "up.sh: PostgreSQL is not installed (scripts/install-deps.sh)" >&2; exit 1; }

mkdir -p "$RUN/logs" "$RUN/secrets"
chmod 700 "$RUN/secrets"
# A secret starts with a letter: nats.conf reads $VEXIL_NATS_PASSWORD as a config value, and one starting with a digit
# is parsed as a number ("Expected a top-level value to end …"), so NATS never started in about one run of six.
secret() { [ -s "$RUN/secrets/$1" ] || { { printf v; head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; } > "$RUN/secrets/$1"; chmod 600 "$RUN/secrets/$1"; }; }
secret admin-password
secret pg-password
secret nats-password

if [ -z "${VEXIL_EXE:-}" ] && [ -z "${VEXIL_DLL:-}" ] && [ -z "${VEXIL_BUILD:-}" ]; then
  echo "up.sh: publishing vexil to run/bin"
  dotnet publish ../../src/Vexil.Server -c Release -o "$RUN/bin" --nologo -v quiet > "$RUN/logs/publish.log" 2>&1 \
    || { cat "$RUN/logs/publish.log" >&2; exit 1; }
fi

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ ! -f "$RUN/postgres/PG_VERSION" ]; then
  mkdir -p "$RUN/postgres"
  chmod 700 "$RUN/postgres"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$RUN/postgres"
  # Local (socket) connections are trusted for setup; TCP needs the password (scram-sha-256).
  as_postgres "$PG_BIN/initdb" -D "$RUN/postgres" -U postgres -E UTF8 --auth-local=trust --auth-host=scram-sha-256 > "$RUN/logs/initdb.log"
  echo "listen_addresses = '127.0.0.1'" >> "$RUN/postgres/postgresql.conf"
  ./node.sh start postgres
  # The password goes through stdin, never on a command line.
  printf "CREATE ROLE vexil LOGIN PASSWORD '%s';\nCREATE DATABASE vexil OWNER vexil;\n" "$(cat "$RUN/secrets/pg-password")" \
    | as_postgres "$PG_BIN/psql" -q -h "$RUN/postgres" -p "$POSTGRES_PORT" -U postgres -d postgres > /dev/null
else
  ./node.sh start postgres
fi
echo "up.sh: postgres ready"

./node.sh start nats
echo "up.sh: nats ready"
./node.sh start-nowait cp1
./node.sh start-nowait cp2
./node.sh wait cp1
./node.sh wait cp2
echo "up.sh: control plane ready"
./node.sh start haproxy

CP="http://127.0.0.1:$CP_FRONTEND_PORT"
json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
if [ ! -s "$RUN/keys.env" ]; then
  for _ in $(seq 1 50); do curl -sf "$CP/health/ready" > /dev/null && break; sleep 0.2; done
  token=$(printf '{"username":"admin","password":"%s"}' "$(cat "$RUN/secrets/admin-password")" \
    | curl -sf -X POST "$CP/api/v1/auth/login" -H 'content-type: application/json' --data-binary @- | json_field token)
  auth=(-H "authorization: Bearer $token" -H 'content-type: application/json')
  curl -sf -X POST "$CP/api/v1/projects" "${auth[@]}" -d '{"key":"cluster","name":"Cluster"}' > /dev/null
  curl -sf -X POST "$CP/api/v1/projects/cluster/flags" "${auth[@]}" \
    -d '{"key":"welcome-banner","type":"boolean","name":"Welcome banner","variations":[{"key":"on","value":true},{"key":"off","value":false}]}' > /dev/null
  server_key=$(curl -sf -X POST "$CP/api/v1/projects/cluster/environments/production/sdk-keys" "${auth[@]}" -d '{"kind":"server"}' | json_field key)
  client_key=$(curl -sf -X POST "$CP/api/v1/projects/cluster/environments/production/sdk-keys" "${auth[@]}" -d '{"kind":"client"}' | json_field key)
  [ -n "$server_key" ] && [ -n "$client_key" ] || { echo "up.sh: could not create the SDK keys" >&2; exit 1; }
  (umask 077; echo "$server_key" > "$RUN/secrets/edge-keys")
  (umask 077; cat > "$RUN/keys.env" <<ENV
VEXIL_CLUSTER_PROJECT=cluster
VEXIL_CLUSTER_ENVIRONMENT=production
VEXIL_SERVER_KEY=$server_key
VEXIL_CLIENT_KEY=$client_key
VEXIL_CONTROL_PLANE_URL=$CP
VEXIL_EDGE_URL=http://127.0.0.1:$EDGE_FRONTEND_PORT
VEXIL_TIER2_EDGE_URL=http://127.0.0.1:$EDGE_B1_PORT
VEXIL_ADMIN_USERNAME=admin
VEXIL_ADMIN_PASSWORD_FILE=$RUN/secrets/admin-password
ENV
  )
fi

./node.sh start-nowait edge-a1
./node.sh start-nowait edge-a2
./node.sh wait edge-a1
./node.sh wait edge-a2
./node.sh start edge-b1
echo "up.sh: edges ready"

cat <<TXT
Vexil cluster is up ($((SECONDS - started)) s). Everything listens on 127.0.0.1:
  control plane (HAProxy -> cp1, cp2)   http://127.0.0.1:$CP_FRONTEND_PORT     admin API /api/v1, /sdk/v1, /ofrep/v1
  tier-1 edges  (HAProxy -> edge-a1/a2) http://127.0.0.1:$EDGE_FRONTEND_PORT     /sdk/v1, /ofrep/v1 (server keys)
  tier-2 edge   (edge-b1 -> edges)      http://127.0.0.1:$EDGE_B1_PORT
  HAProxy statistics                    http://127.0.0.1:$HAPROXY_STATS_PORT/
  nodes: cp1 :$CP1_PORT  cp2 :$CP2_PORT  edge-a1 :$EDGE_A1_PORT  edge-a2 :$EDGE_A2_PORT  postgres :$POSTGRES_PORT  nats :$NATS_PORT
Administrator: admin, password in $RUN/secrets/admin-password
Keys (project 'cluster', environment 'production'): $RUN/keys.env
Logs: $RUN/logs/   Status: ./status.sh   Stop: ./down.sh (--purge also deletes run/)
TXT
