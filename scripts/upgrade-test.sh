#!/usr/bin/env bash
# Runs issue #20's upgrade test alone (the release pipeline calls it): builds the previous release (deploy/previous-release,
# or REF) with scripts/previous-release.sh, starts the local cluster (deploy/cluster) on it under load, upgrades it in
# the documented order, rolls it back, and checks the invariants after every step; then the protocol compatibility
# tests of both releases' SDK and edge; then the expand-only check (scripts/expand-only-test.sh: the previous release's
# store contract against this tree's migrated schema). Prints the report (also in
# tests/Vexil.Cluster.Tests/bin/Release/net10.0/TestResults/upgrade-report.md). Exit code 0 only when everything held.
#   scripts/upgrade-test.sh [REF]     REF: a tag, branch or commit of this clone (default: deploy/previous-release)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ref=${1:-}
# Build the previous release first: a missing commit or a broken build fails here, with its own message.
scripts/previous-release.sh ${ref:+"$ref"} > /dev/null
dotnet build tests/Vexil.Cluster.Tests -c Release -nologo -v quiet 2>&1 | tail -n 20
VEXIL_PREVIOUS_RELEASE="$ref" dotnet test --project tests/Vexil.Cluster.Tests -c Release --no-build -- \
  --filter-namespace Vexil.Cluster.Tests.Upgrade --output Detailed
scripts/expand-only-test.sh ${ref:+"$ref"}
