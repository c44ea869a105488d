#!/usr/bin/env bash
# Publishes vexil as one self-contained executable for Linux x64: artifacts/vexil-linux-x64/vexil (no .NET needed on
# the target). Trimming is off: a trimmed build is 39 MiB instead of 104 MiB but does not work yet (it starts, yet
# binds none of the Vexil settings; see docs/benchmarks.md#release-executable). --trimmed builds one for that work.
#   scripts/publish.sh [--trimmed] [--measure] [--output DIR]
#   --output: the folder to publish into (scripts/release.sh publishes into its staging folder).
#   --measure: also measures size, start-to-ready time and idle RSS of the control plane and an edge (scripts/measure-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=artifacts/vexil-linux-x64
trim=false
measure=false
output=""
while (($#)); do
  case "$1" in
    --trimmed) trim=true; out=artifacts/vexil-linux-x64-trimmed ;;
    --measure) measure=true ;;
    --output) [ $# -ge 2 ] || { echo "publish.sh: --output needs a folder" >&2; exit 2; }; output=$2; shift ;;
    *) echo "usage: scripts/publish.sh [--trimmed] [--measure] [--output DIR]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$output" ] && out=$output
extra=()
# The trimmer's warnings (IL2026 and friends) would fail a build that treats warnings as errors.
# Partial trimming (framework only) and reflection-based JSON, which the API still uses everywhere.
[ "$trim" = true ] && extra+=(-p:PublishTrimmed=true -p:TrimMode=partial -p:JsonSerializerIsReflectionEnabledByDefault=true -p:TreatWarningsAsErrors=false)
rm -rf "$out"
dotnet publish src/Vexil.Server -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
  "${extra[@]}" -o "$out" --nologo
rm -f "$out"/*.xml "$out"/*.pdb
echo "publish.sh: $out/vexil ($(du -h "$out/vexil" | cut -f1))"
[ "$measure" = true ] && scripts/measure-release.sh "$out/vexil"
exit 0
