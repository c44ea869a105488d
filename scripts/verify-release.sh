#!/usr/bin/env bash
# Checks a release folder (scripts/release.sh runs it on its staging folder before publishing; run it on a downloaded
# release too). Fails, naming what is wrong, unless:
#   - SHA256SUMS lists every other file of the folder and every sum verifies;
#   - the SBOM (vexil-<version>.cdx.json) is CycloneDX JSON with components, and names vexil <version>;
#   - every .nupkg of version <version> has its .snupkg, and Vexil.Core, Vexil.Sdk are among them;
#   - RELEASE-NOTES.md is there and names the version;
#   - vexil-<version>-linux-x64.tar.gz holds vexil, and `vexil --version` says <version>;
#   - vexil-edge-<version>-linux-x64-aot.tar.gz holds the Native AOT vexil-edge, and `vexil-edge --version` says <version>.
#   scripts/verify-release.sh <folder> <version>
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/verify-release.sh <folder> <version>" >&2; exit 2; }
dir=$1 version=$2
problems=0
bad() { echo "verify-release: $*" >&2; problems=$((problems + 1)); }

[ -d "$dir" ] || { echo "verify-release: no folder $dir" >&2; exit 1; }
cd "$dir"

# Checksums: every file listed, every sum right.
if [ -f SHA256SUMS ]; then
  sha256sum --quiet --strict -c SHA256SUMS >&2 || bad "SHA256SUMS does not verify"
  while read -r file; do
    grep -q "  $file\$" SHA256SUMS || bad "$file is not in SHA256SUMS"
  done < <(find . -type f ! -name SHA256SUMS | sed 's|^\./||')
else
  bad "SHA256SUMS is missing"
fi

# The SBOM.
sbom="vexil-$version.cdx.json"
if [ -f "$sbom" ]; then
  jq -e --arg v "$version" '.bomFormat == "CycloneDX" and (.specVersion | type == "string") and (.components | length > 0) and .metadata.component.name == "vexil" and .metadata.component.version == $v' "$sbom" > /dev/null \
    || bad "$sbom is not a CycloneDX JSON document with components for vexil $version"
else
  bad "$sbom is missing"
fi

# Packages: each with its symbols, in this version.
packages=0
for nupkg in packages/*.nupkg; do
  [ -e "$nupkg" ] || break
  packages=$((packages + 1))
  [[ "$nupkg" == *".$version.nupkg" ]] || bad "$nupkg is not version $version"
  [ -f "${nupkg%.nupkg}.snupkg" ] || bad "$nupkg has no symbols package (${nupkg%.nupkg}.snupkg)"
done
for id in Vexil.Core Vexil.Sdk; do
  [ -f "packages/$id.$version.nupkg" ] || bad "packages/$id.$version.nupkg is missing"
done
[ "$packages" -gt 0 ] || bad "no NuGet package in packages/"

grep -q "^# Vexil $version\$" RELEASE-NOTES.md 2> /dev/null || bad "RELEASE-NOTES.md is missing or does not name $version"

# The executable says the version it was released as.
archive="vexil-$version-linux-x64.tar.gz"
if [ -f "$archive" ]; then
  unpacked=$(mktemp -d)
  trap 'rm -rf "$unpacked"' EXIT
  tar -xzf "$archive" -C "$unpacked"
  executable="$unpacked/vexil-$version-linux-x64/vexil"
  if [ -x "$executable" ]; then
    said=$("$executable" --version 2>&1 || true)
    [[ "$said" == "vexil $version+"* || "$said" == "vexil $version" ]] || bad "$archive: 'vexil --version' said '$said', not $version"
  else
    bad "$archive does not hold an executable vexil-$version-linux-x64/vexil"
  fi
else
  bad "$archive is missing"
fi

# The Native AOT edge: one native file (and the SQLite library it loads), saying the same version.
aot="vexil-edge-$version-linux-x64-aot"
edge_said=""
if [ -f "$aot.tar.gz" ]; then
  unpacked_aot=$(mktemp -d)
  tar -xzf "$aot.tar.gz" -C "$unpacked_aot"
  edge="$unpacked_aot/$aot/vexil-edge"
  if [ -x "$edge" ] && ! [ -e "$unpacked_aot/$aot/vexil-edge.dll" ]; then
    edge_said=$("$edge" --version 2>&1 || true)
    [[ "$edge_said" == "vexil-edge $version+"* || "$edge_said" == "vexil-edge $version" ]] || bad "$aot.tar.gz: 'vexil-edge --version' said '$edge_said', not $version"
  else
    bad "$aot.tar.gz does not hold a native executable $aot/vexil-edge"
  fi
  rm -rf "$unpacked_aot"
else
  bad "$aot.tar.gz (the Native AOT edge) is missing"
fi

if [ "$problems" -gt 0 ]; then
  echo "verify-release: $dir: $problems problem(s)" >&2
  exit 1
fi
echo "verify-release: $dir: $(grep -c . SHA256SUMS) files, sums verify; SBOM $(jq '.components | length' "$sbom") components; $packages packages with symbols; vexil --version: $said; vexil-edge --version: $edge_said"
