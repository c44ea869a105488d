#!/usr/bin/env bash
# Runs the delivery load harness on loopback: 1, 1,000 and 10,000 subscribers by default, e.g.
#   bench/Vexil.LoadHarness/run.sh --subscribers 1,1000,10000 --writes 20
# Each process may hold at most 20,000 open files on the reference machine; the harness (up to 12,000 client
# sockets) and the edge (as many server sockets) are separate processes.
set -euo pipefail
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
cd "$(dirname "$0")"
dotnet run -c Release -- "$@"
