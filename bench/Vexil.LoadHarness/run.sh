#!/usr/bin/env bash
# Runs the delivery load harness on loopback. Each process may hold at most 20,000 open files on the reference
# machine; the harness (10,000 client sockets) and the edge (10,000 server sockets) are separate processes.
set -euo pipefail
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
cd "$(dirname "$0")"
# The harness is the measuring client: let its socket completions run inline (it never blocks), so 10,000 readers
# cost the shared two cores as little as possible. The vexil processes it starts do not inherit this.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
dotnet run -c Release -- "$@"
