#!/usr/bin/env bash
# Release notes in Markdown from the commits since the previous release, grouped by area: a commit subject
# "Area: what changed" goes under "Area" (the house style of commit messages); others under "Other changes".
# Areas with more commits come first. The schema migrations added since are listed for operators.
#   scripts/release-notes.sh <previous-ref> <version> > RELEASE-NOTES.md
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: scripts/release-notes.sh <previous-ref> <version>" >&2; exit 2; }
previous=$1 version=$2
git rev-parse -q --verify "$previous^{commit}" > /dev/null || { echo "release-notes: '$previous' is not a commit" >&2; exit 1; }

count=$(git rev-list --count --no-merges "$previous..HEAD")
echo "# Vexil $version"
echo
echo "Built from commit $(git rev-parse --short=12 HEAD) on $(date -u +%Y-%m-%d); $count commits since the previous release ($(git rev-parse --short=12 "$previous"))."
echo
migrations=$(git diff --name-only --diff-filter=A "$previous..HEAD" -- 'src/Vexil.Server/Storage/Migrations/Postgres/*.sql' | xargs -r -n1 basename | sed 's/\.sql$//')
echo "## Upgrading"
echo
if [ -n "$migrations" ]; then
  echo "Schema migrations in this release (applied at the first start, under the migration lock; they only expand, so"
  echo "replicas of the previous release keep working during a rolling upgrade):"
  echo
  while read -r m; do echo "- \`$m\`"; done <<< "$migrations"
else
  echo "No schema migrations."
fi
echo
echo "Upgrade in the documented order (docs/operations.md, \"Upgrades and protocol versions\"); the artifacts' SHA-256 sums"
echo "are in SHA256SUMS and their bill of materials in vexil-$version.cdx.json (CycloneDX)."
echo
# Each commit goes into one section by its area (the text before the first ": " of its subject, when that is short: at
# most 40 characters and 5 words): tests, documentation, benchmarks, or the product itself; within a section, entries
# are sorted by area so that one area's changes stand together.
entries=$(git log --no-merges --format='%s%x09%h' "$previous..HEAD" | awk -F '\t' '
  {
    subject = $1; area = ""; text = subject
    i = index(subject, ": ")
    if (i > 1) {
      candidate = substr(subject, 1, i - 1)
      if (length(candidate) <= 40 && split(candidate, words, " ") <= 5) { area = candidate; text = substr(subject, i + 2) }
    }
    a = tolower(area)
    section = "1 Changes"
    if (a ~ /test|fuzz|contract|matrix|table/) section = "2 Tests"
    else if (a ~ /doc|readme|\.md/) section = "3 Documentation"
    else if (a ~ /bench|load harness/) section = "4 Benchmarks"
    printf "%s\t%s\t- %s%s (%s)\n", section, tolower(area), (area == "" ? "" : "**" area "**: "), text, $2
  }' | LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 -s)
[ -n "$entries" ] || { echo "## Changes"; echo; echo "No changes."; exit 0; }
for section in "1 Changes" "2 Tests" "3 Documentation" "4 Benchmarks"; do
  lines=$(awk -F '\t' -v s="$section" '$1 == s { print $3 }' <<< "$entries")
  [ -n "$lines" ] || continue
  printf '## %s (%d)\n\n%s\n\n' "${section#* }" "$(wc -l <<< "$lines")" "$lines"
done
