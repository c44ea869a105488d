#!/usr/bin/env bash
# Publishes vexil as one self-contained executable for Linux x64: artifacts/vexil-linux-x64/vexil (no .NET needed on
# the target). Trimming is off by default (see docs/benchmarks.md: it saves space but the trimmer warns about
# reflection in ASP.NET's JSON, OpenAPI and configuration binding, so it is not yet safe); pass --trimmed to try it.
#   scripts/publish.sh [--trimmed] [--measure]
#   --measure: also measures size, start-to-ready time and idle RSS of the control plane and an edge (scripts/measure-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=artifacts/vexil-linux-x64
trim=false
measure=false
for arg in "$@"; do
  case "$arg" in
    --trimmed) trim=true; out=artifacts/vexil-linux-x64-trimmed ;;
    --measure) measure=true ;;
    *) echo "usage: scripts/publish.sh [--trimmed] [--measure]" >&2; exit 2 ;;
  esac
done
extra=()
# The trimmer's warnings (IL2026 and friends) would fail a build that treats warnings as errors.
[ "$trim" = true ] && extra+=(-p:PublishTrimmed=true -p:TreatWarningsAsErrors=false)
rm -rf "$out"
dotnet publish src/Vexil.Server -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -p:GenerateDocumentationFile=false \
  "${extra[@]}" -o "$out" --nologo
echo "publish.sh: $out/vexil ($(du -h "$out/vexil" | cut -f1))"
[ "$measure" = true ] && scripts/measure-release.sh "$out/vexil"
exit 0
