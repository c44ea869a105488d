#!/usr/bin/env bash
# Builds the previous release next to the current tree and prints the folder that holds it:
#   FOLDER/bin/vexil.dll            the previous release's server (control plane, edge)
#   FOLDER/sdk-probe/               tests/Vexil.SdkProbe built against the previous release's Vexil.Sdk
#   FOLDER/store-contract/          tests/Vexil.StoreContractProbe built in the previous release's tree: its store contract
#                                   tests (Vexil.Server.Tests.dll), run against a schema this tree migrated
#   FOLDER/src/                     its source tree (git archive of the commit)
# The release is the commit named in deploy/previous-release, or REF (a tag, branch or sha) when given:
#   scripts/previous-release.sh [REF]
# Builds are cached under ${VEXIL_PREVIOUS_CACHE:-$TMPDIR/vexil-previous}/SHA-PROBEHASH, so repeated runs (every
# upgrade test of one test command) build once; a lock keeps concurrent runs from building the same one twice.
# A clone without the commit (a shallow CI clone) fetches it from origin; without origin it fails, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ref=${1:-$(grep -Ev '^[[:space:]]*(#|$)' deploy/previous-release | head -1 | tr -d '[:space:]')}
[ -n "$ref" ] || { echo "previous-release.sh: deploy/previous-release names no commit" >&2; exit 1; }

resolve() { git rev-parse --verify -q "$1^{commit}" 2>/dev/null || true; }
sha=$(resolve "$ref")
if [ -z "$sha" ]; then
  if git remote get-url origin > /dev/null 2>&1; then
    echo "previous-release.sh: $ref is not in this clone; fetching it from origin" >&2
    if [ "$(git rev-parse --is-shallow-repository)" = true ]; then git fetch -q --unshallow --tags origin >&2 || true; fi
    sha=$(resolve "$ref")
    [ -n "$sha" ] || { git fetch -q origin "$ref" >&2 || true; sha=$(resolve "$ref"); [ -n "$sha" ] || sha=$(resolve FETCH_HEAD); }
  fi
  [ -n "$sha" ] || {
    echo "previous-release.sh: the previous release '$ref' is not in this clone and cannot be fetched (no origin, or origin lacks it)." >&2
    echo "  Clone with its history (git clone, or git fetch --unshallow), or name a commit this clone has: scripts/previous-release.sh REF" >&2
    exit 1
  }
fi

mapfile -t contract_probe < <(find tests/Vexil.StoreContractProbe \( -name bin -o -name obj \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' \) -print | sort)
probe=$( (cat tests/Vexil.SdkProbe/Vexil.SdkProbe.csproj tests/Vexil.SdkProbe/Program.cs; printf '%s\n' "${contract_probe[@]}"; cat "${contract_probe[@]}") | sha256sum | cut -c1-12)
cache=${VEXIL_PREVIOUS_CACHE:-${TMPDIR:-/tmp}/vexil-previous}
dir="$cache/$sha-$probe"
mkdir -p "$cache"
exec 9> "$cache/$sha.lock"
flock 9
if [ -f "$dir/complete" ]; then echo "$dir"; exit 0; fi

started=$SECONDS
rm -rf "$dir"
mkdir -p "$dir/src"
git archive "$sha" | tar -x -C "$dir/src"
mkdir -p "$dir/src/tests/Vexil.SdkProbe"
cp tests/Vexil.SdkProbe/Vexil.SdkProbe.csproj tests/Vexil.SdkProbe/Program.cs "$dir/src/tests/Vexil.SdkProbe/"
for file in "${contract_probe[@]}"; do
  mkdir -p "$dir/src/$(dirname "$file")"
  cp "$file" "$dir/src/$file"
done
echo "previous-release.sh: building $sha in $dir" >&2
build() {
  dotnet "${3:-publish}" "$1" -c Release -o "$2" --nologo -v quiet > "$dir/build.log" 2>&1 || {
    tail -40 "$dir/build.log" >&2
    echo "previous-release.sh: the previous release ($sha) does not build: $1 (log: $dir/build.log)" >&2
    exit 1
  }
}
build "$dir/src/src/Vexil.Server" "$dir/bin"
build "$dir/src/tests/Vexil.SdkProbe" "$dir/sdk-probe"
build "$dir/src/tests/Vexil.StoreContractProbe" "$dir/store-contract" build
[ -f "$dir/store-contract/Vexil.Server.Tests.dll" ] || { echo "previous-release.sh: no Vexil.Server.Tests.dll in $dir/store-contract" >&2; exit 1; }
[ -f "$dir/bin/vexil.dll" ] || { echo "previous-release.sh: no vexil.dll in $dir/bin" >&2; exit 1; }
echo "$sha" > "$dir/complete"
echo "previous-release.sh: built $sha in $((SECONDS - started)) s" >&2
echo "$dir"
