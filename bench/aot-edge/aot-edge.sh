#!/usr/bin/env bash
# The Native AOT edge (vexil-edge) against the JIT edge (dotnet vexil.dll edge), in the same run, on loopback:
#   - idle resident memory (VmRSS) holding N flags (default 1,000), after serving them and settling;
#   - time from process start to the first 200 from /sdk/v1/ruleset, starting from its last-known-good copy on disk
#     with the upstream down (median of RUNS starts, default 7).
# A control plane (dotnet vexil.dll, SQLite) is seeded with N boolean flags and a server key; one edge run against it
# writes the last-known-good copy that every measured start reads. Prints one line per figure.
# Usage: bench/aot-edge/aot-edge.sh [FLAGS] [RUNS]     (VEXIL_AOT_EDGE=path reuses a published vexil-edge;
#        AOT_ENV="NAME=value ..." runs the AOT edge with those environment variables, e.g. GC settings)
set -euo pipefail
cd "$(dirname "$0")/../.."
flags=${1:-1000}
runs=${2:-7}
aot=${VEXIL_AOT_EDGE:-$PWD/artifacts/vexil-edge/vexil-edge}
if [ ! -x "$aot" ]; then
  dotnet publish src/Vexil.Edge.Host -c Release -r linux-x64 -o artifacts/vexil-edge -nologo -v quiet >&2
  aot=$PWD/artifacts/vexil-edge/vexil-edge
fi
dotnet build src/Vexil.Server -c Release -nologo -v quiet >&2
vexil=$PWD/src/Vexil.Server/bin/Release/net10.0/vexil.dll

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # URL [bearer]: until it answers 200 (60 s)
  for _ in $(seq 1 6000); do
    if curl -fs -o /dev/null ${2:+-H "Authorization: Bearer $2"} "$1"; then return 0; fi
    sleep 0.01
  done
  echo "no answer from $1" >&2; return 1
}
export DOTNET_gcServer=0 DOTNET_CLI_TELEMETRY_OPTOUT=1

# The upstream, seeded.
cp_port=$(free_port)
Vexil__AdminPassword=bench-password-0123456789 dotnet "$vexil" --Vexil:Listen=http://127.0.0.1:$cp_port --Vexil:DataDirectory="$work/cp" >"$work/cp.log" 2>&1 &
pids+=($!); cp_pid=$!
upstream=http://127.0.0.1:$cp_port
wait_for "$upstream/healthz"
token=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-0123456789"}' "$upstream/api/v1/auth/login" | jq -r .token)
admin=(-fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json')
curl "${admin[@]}" -d '{"key":"bench","name":"Bench"}' "$upstream/api/v1/projects" >/dev/null
for i in $(seq 1 "$flags"); do
  printf '{"key":"flag-%d","type":"boolean","name":"Flag %d","variations":[{"key":"on","value":true},{"key":"off","value":false}]}\n' "$i" "$i"
done | while read -r body; do curl "${admin[@]}" -d "$body" "$upstream/api/v1/projects/bench/flags" >/dev/null; done
key=$(curl "${admin[@]}" -d '{"kind":"server"}' "$upstream/api/v1/projects/bench/environments/production/sdk-keys" | jq -r .key)

# One edge run against the upstream writes the last-known-good copy.
port=$(free_port)
Vexil__Edge__Keys__0=$key "$aot" edge --upstream "$upstream" --Vexil:Listen=http://127.0.0.1:$port --Vexil:Edge:DataDirectory="$work/lkg" >"$work/seed.log" 2>&1 &
seed=$!; pids+=($seed)
wait_for "http://127.0.0.1:$port/sdk/v1/ruleset" "$key"
held=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/sdk/v1/ruleset" | jq '.flags | length')
kill "$seed"; wait "$seed" 2>/dev/null || true
kill "$cp_pid"; wait "$cp_pid" 2>/dev/null || true
echo "ruleset held: $held flags" >&2

# Each start: a copy of the last-known-good folder, the upstream down (its port closed).
measure() { # NAME COMMAND...: prints "NAME start_ms rss_kib" per run
  local name=$1; shift
  for run in $(seq 1 "$runs"); do
    rm -rf "$work/run"; cp -r "$work/lkg" "$work/run"
    local p; p=$(free_port)
    local t0; t0=$(date +%s%N)
    Vexil__Edge__Keys__0=$key "$@" edge --upstream "$upstream" --Vexil:Listen=http://127.0.0.1:$p --Vexil:Edge:DataDirectory="$work/run" >"$work/$name.log" 2>&1 &
    local pid=$!
    until curl -fs -o /dev/null -H "Authorization: Bearer $key" "http://127.0.0.1:$p/sdk/v1/ruleset"; do :; done
    local t1; t1=$(date +%s%N)
    # Serve every flag once over OFREP, then settle idle.
    curl -fs -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"context":{"targetingKey":"u"}}' "http://127.0.0.1:$p/ofrep/v1/evaluate/flags"
    sleep 5
    local rss anon file
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
    anon=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status")
    file=$(awk '/^RssFile/ { print $2 }' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$name $(( (t1 - t0) / 1000000 )) $rss $anon $file"
  done
}
{ measure aot env ${AOT_ENV:-} "$aot"; measure jit dotnet "$vexil"; } > "$work/results"
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for name in aot jit; do
  start=$(awk -v n=$name '$1 == n { print $2 }' "$work/results" | median)
  rss=$(awk -v n=$name '$1 == n { print $3 }' "$work/results" | median)
  anon=$(awk -v n=$name '$1 == n { print $4 }' "$work/results" | median)
  file=$(awk -v n=$name '$1 == n { print $5 }' "$work/results" | median)
  mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
  echo "$name edge, $held flags: start to serving from disk ${start} ms (median of $runs), idle RSS $(mib "$rss") MiB ($(mib "$anon") MiB anonymous, $(mib "$file") MiB mapped from files: the executable's pages)"
done
echo "(jit = dotnet vexil.dll edge; aot = $aot, $(du -h "$aot" | cut -f1) on disk)"
