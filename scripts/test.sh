#!/usr/bin/env bash
# Runs every test of Vexil, with the real servers the tests need (installed here when missing), and ends with
# one summary line: "Tests: N passed, N failed, N skipped". Exit code 0 only when nothing failed; under CI a
# skipped test counts as a failure, because tests that need a server must start it, never skip.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/install-deps.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
dotnet build Vexil.slnx -c Release -nologo -v quiet 2>&1 | tail -n 20 || { echo "Tests: 0 passed, 1 failed, 0 skipped (the build failed)"; exit 1; }
# The Native AOT edge, published once (a few minutes on two cores) and smoke-tested by Edge/Aot/AotEdgeSmokeTests;
# a trimming or AOT warning fails the publish (TreatWarningsAsErrors).
dotnet publish src/Vexil.Edge.Host -c Release -r linux-x64 -o artifacts/vexil-edge -nologo -v quiet 2>&1 | tail -n 20 || { echo "Tests: 0 passed, 1 failed, 0 skipped (the AOT edge did not publish)"; exit 1; }
export VEXIL_AOT_EDGE="$PWD/artifacts/vexil-edge/vexil-edge"
# One test assembly at a time: several start real clusters, browsers and thousands of sockets, and two cores
# shared between them would measure the machine, not Vexil.
dotnet test --solution Vexil.slnx -c Release --no-build --max-parallel-test-modules 1 2>&1 | tee "$log" || status=$?

sum() { grep -E "^\s+$1: [0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
total=$(sum total)
failed=$(sum failed)
passed=$(sum succeeded)
skipped=$(sum skipped)

echo
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$total" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
  echo "A test was skipped under CI: tests must start the servers they need, never skip." >&2
  exit 1
fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
