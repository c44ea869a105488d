#!/usr/bin/env bash
# Measures a published vexil executable: file size, start-to-ready time (process start until /health/ready answers
# 200) and resident memory after 10 s idle, for the control plane (SQLite, every role) and an edge following it.
#   scripts/measure-release.sh artifacts/vexil-linux-x64/vexil
set -euo pipefail
exe=$(realpath "${1:?usage: measure-release.sh PATH/TO/vexil}")
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
ready_ms() { # url start_ms pid log
  until curl -sf -o /dev/null "$1"; do
    kill -0 "$3" 2>/dev/null || { echo "measure-release.sh: the process exited: $(tail -5 "$4")" >&2; exit 1; }
    [ $(( $(now_ms) - $2 )) -lt 180000 ] || { echo "measure-release.sh: $1 not ready after 180 s (is the listen setting honoured?)" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - $2 ))
}
rss_mib() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

echo "size: $(stat -c %s "$exe" | awk '{ printf "%.1f MiB", $1 / 1048576 }')"
cp_port=$(free_port)
printf 'measure-password-1\n' > "$work/admin-password"
start=$(now_ms)
Vexil__Listen="http://127.0.0.1:$cp_port" Vexil__DataDirectory="$work/cp" Vexil__AdminPasswordFile="$work/admin-password" \
  Logging__LogLevel__Default=Warning "$exe" > "$work/cp.log" 2>&1 &
pids+=($!); cp_pid=$!
ms=$(ready_ms "http://127.0.0.1:$cp_port/health/ready" "$start" "$cp_pid" "$work/cp.log")
echo "control plane: ready in $ms ms"

cp="http://127.0.0.1:$cp_port"
token=$(curl -sf -X POST "$cp/api/v1/auth/login" -H 'content-type: application/json' -d '{"username":"admin","password":"measure-password-1"}' | grep -o '"token":"[^"]*"' | cut -d'"' -f4)
curl -sf -X POST "$cp/api/v1/projects" -H "authorization: Bearer $token" -H 'content-type: application/json' -d '{"key":"m","name":"M"}' > /dev/null
curl -sf -X POST "$cp/api/v1/projects/m/environments/production/sdk-keys" -H "authorization: Bearer $token" -H 'content-type: application/json' -d '{"kind":"server"}' \
  | grep -o '"key":"[^"]*"' | cut -d'"' -f4 > "$work/edge-keys"

edge_port=$(free_port)
start=$(now_ms)
Vexil__Listen="http://127.0.0.1:$edge_port" Vexil__Edge__DataDirectory="$work/edge" Vexil__Edge__KeysFile="$work/edge-keys" \
  Logging__LogLevel__Default=Warning "$exe" edge --upstream "$cp" > "$work/edge.log" 2>&1 &
pids+=($!); edge_pid=$!
ms=$(ready_ms "http://127.0.0.1:$edge_port/health/ready" "$start" "$edge_pid" "$work/edge.log")
echo "edge: ready (first ruleset held) in $ms ms"
sleep 10
echo "idle RSS after 10 s: control plane $(rss_mib "$cp_pid") MiB, edge $(rss_mib "$edge_pid") MiB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
