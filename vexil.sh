#!/usr/bin/env bash
# Starts Vexil with every role on SQLite (data in ./data), listening on http://127.0.0.1:5080.
# On first start it creates an administrator and prints its credential once. Arguments go to `vexil`.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/Vexil.Server -c Release -- "$@"
