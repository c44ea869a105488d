#!/usr/bin/env bash
# Stops every node of the local cluster (edges first, PostgreSQL last). --purge also deletes run/ (data, secrets, keys).
set -uo pipefail
cd "$(dirname "$0")"
for node in haproxy edge-b1 edge-a1 edge-a2 cp1 cp2 nats postgres; do
  ./node.sh stop "$node"
done
if [ "${1:-}" = "--purge" ]; then
  rm -rf run
  echo "down.sh: stopped; run/ deleted"
else
  echo "down.sh: stopped (data kept in run/; --purge deletes it)"
fi
