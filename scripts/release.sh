#!/usr/bin/env bash
# Releases Vexil <version> into dist/<version>/, or fails and publishes nothing. The steps (docs/operations.md#releasing):
#   1. checks: a version X.Y.Z[-label], a clean working tree, no tag v<version>, no dist/<version>, the previous release
#      (deploy/previous-release, or --previous) a commit of this clone, scripts/upgrade-test.sh present;
#   2. sets the version in its one place (VersionPrefix/VersionSuffix in Directory.Build.props) and commits it
#      ("Release <version>"), so every artifact carries that commit (+sha in the informational version, SourceLink);
#   3. release notes from git log <previous>..HEAD, grouped by area;
#   4. the test command (scripts/test.sh);
#   5. the upgrade test from the previous release (scripts/upgrade-test.sh <previous>);
#   6. builds the solution (warnings are errors);
#   7. packs the NuGet packages (.nupkg + .snupkg of each IsPackable project) and the dotnet tool (PackAsTool);
#   8. publishes the self-contained executable (scripts/publish.sh; linux-x64), and any project with PublishAot;
#   9. a CycloneDX SBOM of the shipped projects (the CycloneDX tool pinned in .config/dotnet-tools.json);
#  10. SHA256SUMS, then scripts/verify-release.sh checks the whole folder (sums, SBOM, packages, `vexil --version`);
#  11. tags v<version> and moves deploy/previous-release forward to the release commit (a second commit);
#  12. moves the staging folder to dist/<version> (a rename: all or nothing).
# Any failure: the staging folder is deleted, the tag and the commits are undone, dist/<version> does not exist.
#
#   scripts/release.sh <version> [--skip-tests] [--skip-upgrade] [--no-git] [--previous REF] [--output DIR]
#                                [--test-command CMD] [--upgrade-command CMD]
#   --skip-tests, --skip-upgrade: a dry run of the packaging (say so wherever its output is shown).
#   --no-git: no commit, no tag, deploy/previous-release unchanged; the version is set only for the build and restored.
#   --test-command, --upgrade-command: run these instead (bash -c) — how the release's own tests inject a failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

usage() {
  echo "usage: scripts/release.sh <version> [--skip-tests] [--skip-upgrade] [--no-git] [--previous REF] [--output DIR] [--test-command CMD] [--upgrade-command CMD]" >&2
  exit 2
}
fail() { echo "release: $*" >&2; exit 1; }
started=$SECONDS
step() { printf '\n== release [%4ss] %s\n' "$((SECONDS - started))" "$*"; }

version="" skip_tests=false skip_upgrade=false use_git=true previous="" out=dist test_cmd="scripts/test.sh" upgrade_cmd=""
while (($#)); do
  case "$1" in
    --skip-tests) skip_tests=true ;;
    --skip-upgrade) skip_upgrade=true ;;
    --no-git) use_git=false ;;
    --previous) [ $# -ge 2 ] || usage; previous=$2; shift ;;
    --output) [ $# -ge 2 ] || usage; out=$2; shift ;;
    --test-command) [ $# -ge 2 ] || usage; test_cmd=$2; shift ;;
    --upgrade-command) [ $# -ge 2 ] || usage; upgrade_cmd=$2; shift ;;
    -*) usage ;;
    *) [ -z "$version" ] || usage; version=$1 ;;
  esac
  shift
done

# 1. Checks: nothing is changed before all of them pass.
[ -n "$version" ] || usage
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z][0-9A-Za-z.-]*)?$ ]] || fail "'$version' is not a version: X.Y.Z or X.Y.Z-label (e.g. 0.2.0, 0.2.0-rc.1)"
for tool in git dotnet jq sha256sum tar; do
  command -v "$tool" > /dev/null || fail "$tool is not installed (scripts/install-deps.sh installs jq)"
done
[ -z "$(git status --porcelain --untracked-files=no)" ] || fail "the working tree has uncommitted changes: a release is built from a commit (commit or stash them)"
if $use_git && git rev-parse -q --verify "refs/tags/v$version" > /dev/null; then
  fail "tag v$version already exists: a released version is never built again (choose the next version)"
fi
dest="$out/$version"
[ ! -e "$dest" ] || fail "$dest already exists: a published release is never overwritten"
if [ -z "$previous" ]; then
  [ -f deploy/previous-release ] || fail "deploy/previous-release is missing: it names the previous release (a tag or commit), which the upgrade test starts from and the release notes count from; add it, or pass --previous REF"
  previous=$(grep -v '^[[:space:]]*#' deploy/previous-release | grep -m1 -v '^[[:space:]]*$' | tr -d '[:space:]' || true)
  [ -n "$previous" ] || fail "deploy/previous-release names no tag or commit"
fi
git rev-parse -q --verify "$previous^{commit}" > /dev/null || fail "the previous release '$previous' is not a commit of this clone (fetch its tag, or fix deploy/previous-release)"
if ! $skip_upgrade && [ -z "$upgrade_cmd" ] && [ ! -x scripts/upgrade-test.sh ]; then
  fail "scripts/upgrade-test.sh is missing: the release runs the upgrade test from the previous release ($previous); add it, or pass --skip-upgrade for a dry run"
fi
dotnet tool restore > /dev/null || fail "dotnet tool restore failed (the CycloneDX tool pinned in .config/dotnet-tools.json)"

start_head=$(git rev-parse HEAD)
mkdir -p "$out"
staging=$(mktemp -d "$out/.staging-$version.XXXXXX") # beside dest: the last step is a rename on one file system
work=$(mktemp -d)
props_changed=false committed=false tagged=false published=false

cleanup() {
  local status=$?
  rm -rf "$work"
  if ! $published; then
    rm -rf "$staging"
    if $tagged; then git tag -d "v$version" > /dev/null || true; fi
    # The tree was clean at the start (checked), so going back to where we started loses nothing.
    if $committed; then git reset -q --hard "$start_head" || true; fi
  fi
  if $props_changed && ! $committed; then git checkout -q -- Directory.Build.props || true; fi
  rmdir "$out" 2> /dev/null || true
  if [ "$status" -ne 0 ]; then
    echo "release: FAILED after $((SECONDS - started))s — nothing was published ($dest does not exist); git is at $(git rev-parse --short HEAD), as before" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 2. The version, in its one place.
step "version $version (Directory.Build.props)"
prefix=${version%%-*}
suffix=""
[[ "$version" == *-* ]] && suffix=${version#*-}
sed -i -e "s|<VersionPrefix>[^<]*</VersionPrefix>|<VersionPrefix>$prefix</VersionPrefix>|" -e '/<VersionSuffix>/d' Directory.Build.props
[ -n "$suffix" ] && sed -i "s|\(.*\)<VersionPrefix>$prefix</VersionPrefix>|&\n\1<VersionSuffix>$suffix</VersionSuffix>|" Directory.Build.props
props_changed=true
grep -q "<VersionPrefix>$prefix</VersionPrefix>" Directory.Build.props || fail "could not set VersionPrefix in Directory.Build.props"
if $use_git; then
  if git diff --quiet -- Directory.Build.props; then
    git commit -q --allow-empty -m "Release $version" || fail "git commit failed (is user.name/user.email set?)"
  else
    git commit -q -m "Release $version" -- Directory.Build.props || fail "git commit failed (is user.name/user.email set?)"
  fi
  committed=true
fi
release_commit=$(git rev-parse HEAD)

# 3. Release notes (cheap, and they say what the release is before the long steps run).
step "release notes ($previous..HEAD)"
scripts/release-notes.sh "$previous" "$version" > "$staging/RELEASE-NOTES.md"
echo "$(grep -c '^- ' "$staging/RELEASE-NOTES.md") entries"

# 4. Tests.
if $skip_tests; then
  step "tests SKIPPED (--skip-tests: a dry run)"
else
  step "tests: $test_cmd"
  bash -c "$test_cmd" || fail "the test command failed: $test_cmd"
fi

# 5. The upgrade test from the previous release.
if $skip_upgrade; then
  step "upgrade test SKIPPED (--skip-upgrade: a dry run)"
else
  upgrade_cmd=${upgrade_cmd:-scripts/upgrade-test.sh "$previous"}
  step "upgrade test: $upgrade_cmd"
  bash -c "$upgrade_cmd" || fail "the upgrade test failed: $upgrade_cmd"
fi

# 6. Build everything once (warnings are errors: Directory.Build.props).
step "build (Release)"
dotnet build Vexil.slnx -c Release -nologo -v quiet -p:ContinuousIntegrationBuild=true > "$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; fail "the build failed"; }

# 7. NuGet packages and the dotnet tool: every project that says IsPackable or PackAsTool. Before the executables:
#    publishing them rebuilds the libraries without symbols (DebugType=none), and a .snupkg needs the build's PDBs.
step "packages (.nupkg + .snupkg) and the dotnet tool"
mkdir -p "$staging/packages"
for project in src/*/*.csproj; do
  properties=$(dotnet msbuild "$project" -getProperty:IsPackable -getProperty:PackAsTool -getProperty:PackageId)
  packable=$(jq -r '.Properties.IsPackable' <<< "$properties")
  tool=$(jq -r '.Properties.PackAsTool' <<< "$properties")
  [ "$packable" = "true" ] || [ "$tool" = "true" ] || continue
  echo "pack: $(jq -r '.Properties.PackageId' <<< "$properties")$([ "$tool" = "true" ] && echo ' (dotnet tool)')"
  no_build=--no-build
  [ "$tool" = "true" ] && no_build="" # a tool package publishes its project: let pack build what it needs
  dotnet pack "$project" -c Release $no_build -p:ContinuousIntegrationBuild=true -o "$staging/packages" --nologo -v quiet > "$work/pack.log" 2>&1 || { tail -n 30 "$work/pack.log" >&2; fail "packing $project failed"; }
done

# 8. Executables: the self-contained vexil, and every native AOT project (the edge, vexil-edge).
step "executables (self-contained, linux-x64)"
name="vexil-$version-linux-x64"
scripts/publish.sh --output "$work/$name" > "$work/publish.log" 2>&1 || { tail -n 30 "$work/publish.log" >&2; fail "publishing vexil failed"; }
tar -C "$work" -czf "$staging/$name.tar.gz" "$name"
for project in src/*/*.csproj; do
  [ "$(dotnet msbuild "$project" -getProperty:PublishAot 2> /dev/null)" = "true" ] || continue
  [ "$project" != src/Vexil.Server/Vexil.Server.csproj ] || continue
  assembly=$(dotnet msbuild "$project" -getProperty:AssemblyName)
  aot="$assembly-$version-linux-x64-aot"
  echo "native AOT: $project"
  dotnet publish "$project" -c Release -r linux-x64 -p:DebugType=none -o "$work/$aot" --nologo > "$work/aot.log" 2>&1 || { tail -n 30 "$work/aot.log" >&2; fail "publishing $project (native AOT) failed"; }
  rm -f "$work/$aot"/*.xml "$work/$aot"/*.pdb "$work/$aot"/*.dbg "$work/$aot"/*.staticwebassets.*.json
  tar -C "$work" -czf "$staging/$aot.tar.gz" "$aot"
done

# 9. The software bill of materials of everything shipped (the src projects and their packages).
step "SBOM (CycloneDX)"
{
  echo '<Solution>'
  for project in src/*/*.csproj; do echo "  <Project Path=\"$PWD/$project\" />"; done
  echo '</Solution>'
} > "$work/shipped.slnx"
dotnet tool run dotnet-CycloneDX "$work/shipped.slnx" -o "$staging" -fn "vexil-$version.cdx.json" -F Json -sn vexil -sv "$version" -c Release \
  > "$work/sbom.log" 2>&1 || { tail -n 30 "$work/sbom.log" >&2; fail "the SBOM failed"; }

# 10. Checksums, then the release checks its own folder.
step "SHA256SUMS and verification"
(cd "$staging" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
scripts/verify-release.sh "$staging" "$version" || fail "the release folder did not verify"

# 11. Git: tag the release commit, move deploy/previous-release forward to it.
if $use_git; then
  step "git: tag v$version, deploy/previous-release -> ${release_commit:0:12}"
  git tag -a "v$version" -m "Vexil $version" "$release_commit" || fail "git tag failed"
  tagged=true
  # Keep the file's comment lines (what it is, its format); replace only the commit.
  { grep '^[[:space:]]*#' deploy/previous-release || true; echo "$release_commit"; } > deploy/previous-release.next
  mv deploy/previous-release.next deploy/previous-release
  git add deploy/previous-release
  git commit -q -m "deploy/previous-release: v$version (${release_commit:0:12}), the release the next one upgrades from" || fail "git commit of deploy/previous-release failed"
else
  step "git SKIPPED (--no-git): no tag, deploy/previous-release unchanged"
fi

# 12. Publish: one rename.
mv -T "$staging" "$dest"
published=true
step "published $dest"
(cd "$dest" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | while read -r f; do printf '%10s  %s\n' "$(du -h "$f" | cut -f1)" "$f"; done)
