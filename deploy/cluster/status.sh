#!/usr/bin/env bash
# One line per node: running (with its pid) or not, ready or not. Exit code 0 only when every node is ready.
set -uo pipefail
cd "$(dirname "$0")"
all=0
for node in postgres nats cp1 cp2 haproxy edge-a1 edge-a2 edge-b1; do
  pid=$(./node.sh pid "$node")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then running="running (pid $pid)"; else running="stopped"; fi
  if ./node.sh ready "$node" 2>/dev/null; then state=ready; else state="not ready"; all=1; fi
  printf '%-8s %-22s %s\n' "$node" "$running" "$state"
done
exit $all
