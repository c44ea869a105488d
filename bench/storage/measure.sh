#!/usr/bin/env bash
# Measures what Vexil stores: bytes per flag, per change, per usage row, and the sizes on the wire of a ruleset and
# a change event. Starts its own vexil (Release build) on loopback: on SQLite, and on PostgreSQL (its own temporary
# cluster) when Debian's postgresql package is installed. Figures feed docs/capacity.md.
#   bench/storage/measure.sh [FLAGS=1000] [CHANGES=500]
set -euo pipefail
FLAGS=${1:-1000}
CHANGES=${2:-500}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/vexil-storage-XXXXXX) && chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  if [ -n "${PGBIN:-}" ] && [ -d "$WORK/pg/db" ]; then as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/db" -m immediate -w stop > /dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building vexil (Release)…" >&2
dotnet build -c Release "$ROOT/src/Vexil.Server" -o "$WORK/bin" -v quiet -nologo > /dev/null

PASSWORD=storage-bench-password-1
FLAG_JSON() {  # a flag of about 830 bytes in production: tags, description, targets, two rules, a rollout
  cat <<JSON
{"key":"$1","type":"boolean","name":"Flag $1","description":"Storage benchmark flag $1, with a description of typical length","tags":["team-checkout","experiment"],"variations":[{"key":"on","value":true},{"key":"off","value":false}]}
JSON
}
CONFIG_JSON='{"enabled":true,"offVariation":"off","targets":[{"variation":"on","values":["user-1","user-2","user-3"]}],"rules":[{"id":"staff","clauses":[{"attribute":"email","operator":"endsWith","values":["@example.com"]},{"attribute":"plan","operator":"in","values":["enterprise","pro"],"negate":true}],"serve":{"variation":"on"}},{"id":"beta","clauses":[{"attribute":"country","operator":"in","values":["NZ","AU","IE"]}],"serve":{"rollout":{"algorithm":"vexil-v1","bucketBy":"targetingKey","weights":[{"variation":"on","weight":20000},{"variation":"off","weight":80000}]}}}],"fallthrough":{"rollout":{"algorithm":"vexil-v1","bucketBy":"targetingKey","weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}}'

start_vexil() {  # $1 data dir, $2 postgres connection string or empty
  PORT=$(free_port)
  Vexil__DataDirectory="$1" Vexil__Listen="http://127.0.0.1:$PORT" Vexil__AdminPassword=$PASSWORD Vexil__Postgres="$2" \
    Logging__LogLevel__Default=Warning dotnet "$WORK/bin/vexil.dll" > "$1.log" 2>&1 &
  PIDS+=($!)
  BASE="http://127.0.0.1:$PORT"
  for _ in $(seq 1 300); do curl -sf "$BASE/health/ready" > /dev/null && break; sleep 0.2; done
  TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | jq -r .token)
}
api() { curl -sf -X "$1" "$BASE$2" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -H 'If-Match: *' ${3:+-d "$3"}; }

populate() {  # creates project "bench" with FLAGS flags, each configured in production, then CHANGES kill-switch writes
  api POST /api/v1/projects '{"key":"bench","name":"Bench"}' > /dev/null
  for i in $(seq 1 "$FLAGS"); do
    api POST /api/v1/projects/bench/flags "$(FLAG_JSON "flag-$i")" > /dev/null
    api PUT "/api/v1/projects/bench/environments/production/flags/flag-$i" "$CONFIG_JSON" > /dev/null
  done
}
changes() {
  for i in $(seq 1 "$CHANGES"); do
    api PUT /api/v1/projects/bench/environments/production/flags/flag-1/enabled "{\"enabled\":$([ $((i % 2)) -eq 0 ] && echo true || echo false)}" > /dev/null
  done
}
wire() {  # ruleset and change sizes as a server-key holder receives them
  KEY=$(api POST /api/v1/projects/bench/environments/production/sdk-keys '{"kind":"server"}' | jq -r .key)
  local plain gz version change
  plain=$(curl -sf "$BASE/sdk/v1/ruleset" -H "authorization: Bearer $KEY" | wc -c)
  gz=$(curl -sf "$BASE/sdk/v1/ruleset" -H "authorization: Bearer $KEY" -H 'accept-encoding: gzip' | wc -c)
  version=$(curl -sf "$BASE/sdk/v1/ruleset" -H "authorization: Bearer $KEY" | jq .version)
  change=$(curl -s -N --max-time 2 "$BASE/sdk/v1/stream" -H "authorization: Bearer $KEY" -H "Last-Event-ID: $((version - 1))" | awk '/^event: change/{p=1} p{n+=length($0)+1} p&&/^$/{print n; exit}' || true)
  echo "  ruleset of $FLAGS flags: $plain bytes, $gz bytes gzip; one kill-switch change event: $change bytes (SSE frame)"
}
events() {  # 60 one-minute windows × 100 flags × 2 variations of evaluation summaries
  local key now batch
  key=$(api POST /api/v1/projects/bench/environments/production/sdk-keys '{"kind":"server"}' | jq -r .key)
  now=$(date -u +%s); now=$((now / 60 * 60 - 3600))
  for m in $(seq 0 59); do
    batch=$(jq -cn --argjson t $((now + m * 60)) '{id: ("b-" + ($t|tostring)), sdk: "bench/1", summaries: [range(1;101) as $f | ("on","off") as $v | {flag: ("flag-" + ($f|tostring)), variation: $v, version: 1, count: 1000, start: ($t|todate), end: ($t + 60|todate)}]}')
    curl -sf -X POST "$BASE/events/v1/bulk" -H "authorization: Bearer $key" -H 'content-type: application/json' -d "$batch" > /dev/null
  done
}

report_sqlite() {  # $1 data dir, $2 label
  sqlite3 "$1/vexil.db" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
  echo "  $2: vexil.db $(stat -c %s "$1/vexil.db") bytes"
  sqlite3 "$1/vexil.db" "SELECT '    ' || name || ': ' || SUM(pgsize) || ' bytes' FROM dbstat WHERE name IN ('flags','flag_configs','change_log','audit_log','environments') OR name IN ('sqlite_autoindex_flags_1','sqlite_autoindex_flag_configs_1','sqlite_autoindex_change_log_1') GROUP BY name ORDER BY name;"
}

echo "== SQLite ($FLAGS flags, $CHANGES changes)"
mkdir -p "$WORK/sqlite"
start_vexil "$WORK/sqlite" ""
report_sqlite "$WORK/sqlite" "empty"
t0=$(date +%s); populate; t1=$(date +%s)
report_sqlite "$WORK/sqlite" "after $FLAGS flags ($((t1 - t0)) s)"
changes; t2=$(date +%s)
report_sqlite "$WORK/sqlite" "after $CHANGES changes ($((t2 - t1)) s)"
echo "  rows: $(sqlite3 "$WORK/sqlite/vexil.db" "SELECT 'change_log ' || (SELECT COUNT(*) FROM change_log) || ', audit_log ' || (SELECT COUNT(*) FROM audit_log) || ', flag_configs ' || (SELECT COUNT(*) FROM flag_configs)")"
wire
events
for _ in $(seq 1 100); do
  rows=$(sqlite3 "$WORK/sqlite/events/events.db" 'SELECT COUNT(*) FROM usage_minute' 2> /dev/null || echo 0)
  [ "$rows" -ge 12000 ] && break; sleep 0.3
done
sqlite3 "$WORK/sqlite/events/events.db" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
echo "  events.db: $(stat -c %s "$WORK/sqlite/events/events.db") bytes; usage_minute $rows rows, $(sqlite3 "$WORK/sqlite/events/events.db" "SELECT SUM(pgsize) FROM dbstat WHERE name IN ('usage_minute','sqlite_autoindex_usage_minute_1','usage_minute_bucket')") bytes with its indexes; usage_hour $(sqlite3 "$WORK/sqlite/events/events.db" 'SELECT COUNT(*) FROM usage_hour') rows"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort | tail -1 || true)
if [ -z "$PGBIN" ]; then echo "== PostgreSQL: not installed, skipped"; exit 0; fi
echo "== PostgreSQL ($FLAGS flags, $CHANGES changes)"
mkdir -p "$WORK/pg" && chown postgres:postgres "$WORK/pg" 2> /dev/null || true
PGPORT=$(free_port)
as_postgres "$PGBIN/initdb" -D "$WORK/pg/db" -A trust -U postgres --no-sync -E UTF8 > /dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/db" -l "$WORK/pg/log" -w -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1" start > /dev/null
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -Atc "$1"; }
report_pg() {
  psql 'VACUUM' > /dev/null
  echo "  $1: database $(psql "SELECT pg_database_size('postgres')") bytes"
  psql "SELECT '    ' || relname || ': ' || pg_total_relation_size(oid) || ' bytes' FROM pg_class WHERE relname IN ('flags','flag_configs','change_log','audit_log','environments') ORDER BY relname"
}
mkdir -p "$WORK/pgdata"
start_vexil "$WORK/pgdata" "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
report_pg "empty"
t0=$(date +%s); populate; t1=$(date +%s)
report_pg "after $FLAGS flags ($((t1 - t0)) s)"
changes; t2=$(date +%s)
report_pg "after $CHANGES changes ($((t2 - t1)) s)"
wire
