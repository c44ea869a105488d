#!/usr/bin/env bash
# Runs issue #20's expand-only check alone (the test command runs it too, and scripts/upgrade-test.sh after the rolling
# upgrade): the previous release's store contract tests, built from its commit by scripts/previous-release.sh, against
# SQLite and PostgreSQL databases migrated by this tree; and the proof that the check fails on a migration that renames
# a column the previous release uses. Exit code 0 only when both hold. docs/operations.md, "Expand-only migrations".
#   scripts/expand-only-test.sh [REF]     REF: a tag, branch or commit of this clone (default: deploy/previous-release)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ref=${1:-}
# Build the previous release first: a missing commit or a broken build fails here, with its own message.
scripts/previous-release.sh ${ref:+"$ref"} > /dev/null
dotnet build tests/Vexil.Server.Tests -c Release -nologo -v quiet 2>&1 | tail -n 20
VEXIL_PREVIOUS_RELEASE="$ref" dotnet test --project tests/Vexil.Server.Tests -c Release --no-build -- \
  --filter-class "Vexil.Server.Tests.Storage.PreviousRelease.PreviousReleaseStoreContractTests" --output Detailed
