#!/usr/bin/env bash
# OFREP load benchmark: a real vexil (all roles, SQLite, seeded with a targeted flag, 100 more and a client key)
# and a bare Kestrel app answering the same bytes, each measured with wrk on loopback for a fixed time, in the
# same run. Prints req/s, p50, p99 and the single-flag ratio (median of interleaved rounds). Options: --seconds 10
# --connections 32 --threads 2 --rounds 5 --target controlplane (or edge: an edge following the control plane)
# --compare DIR (also measure the vexil.dll in DIR, e.g. this bench built from an earlier commit, in the same rounds).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else sudo apt-get install -y wrk >/dev/null; fi
fi
dotnet build -c Release -v quiet >/dev/null
dotnet bin/Release/net10.0/Vexil.OfrepBench.dll "$@"
