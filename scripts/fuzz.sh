#!/usr/bin/env bash
# Runs every parser that reads untrusted input under mutated inputs (CsCheck properties in the Fuzzing folders of
# the test projects) for a bounded time, and prints what each tried:
#   scripts/fuzz.sh            # 60 seconds per property
#   scripts/fuzz.sh 600        # ten minutes per property
# The same properties run in the test command with a fixed number of inputs. A failure prints the shrunk input and
# the seed that reproduces it (CsCheck_Seed=...); keep each finding as a test beside the property.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
export VEXIL_FUZZ_SECONDS="$seconds" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Vexil.slnx -c Release -nologo -v quiet 2>&1 | tail -n 3
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for project in Core Flagd Importers Events Server; do
  dotnet test --project "tests/Vexil.$project.Tests" -c Release --no-build --output Detailed -- \
    --filter-class "*FuzzTests" 2>&1 | tee -a "$log" | grep -E "^(passed|failed) |fuzz |CsCheck_Seed" || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

echo
echo "Fuzzing ($seconds s per property):"
grep -E "^\s+fuzz " "$log" | sed 's/^ *//'
if grep -qE "^failed " "$log"; then
  echo "A property failed: see the seed above." >&2
  status=1
fi
exit "$status"
