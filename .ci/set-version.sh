#!/usr/bin/env bash
# Sets the project's version: the version commit of a release (X.Y.Z), or the next development
# version after it (X.Y.Z-SNAPSHOT). See docs/development.md, "Releasing".
#
# Usage: .ci/set-version.sh <version> [--commit]
#
# Changes
#   - <version> in the parent POM and the <parent> of every module POM (the reactor's, the
#     benchmarks profile's included); not the invoker projects' POMs (src/it/, @project.version@,
#     which the invoker plugin fills in), nor the example's own version;
#   - <secured-content.version> in examples/quickstart/pom.xml (the toolkit the example uses);
#   - project.build.outputTimestamp (parent POM) to now, to the second (UTC);
#   - for a release version only: the toolkit's coordinates in README.md, docs/ and web-server/
#     (dev.securedcontent dependency and plugin versions, dev.securedcontent:<artifact>:<version>
#     goal prefixes), which keep naming that release while the next -SNAPSHOT is developed, and
#     CHANGELOG.md's [Unreleased] section, which becomes [X.Y.Z] - <today> under a new empty one.
# With --commit it commits every change with author and committer time equal to
# project.build.outputTimestamp, so the timestamp is the commit's time (a reproducible build of
# the commit can be checked against it); without, it prints that command.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: .ci/set-version.sh <X.Y.Z or X.Y.Z-SNAPSHOT> [--commit]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
new=$1
commit=false
if [[ $# -eq 2 ]]; then
  [[ $2 == --commit ]] || usage
  commit=true
fi
[[ $new =~ ^[0-9]+\.[0-9]+\.[0-9]+(-SNAPSHOT)?$ ]] || usage
release=true
[[ $new == *-SNAPSHOT ]] && release=false

old=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
[[ -n "$old" ]] || { echo "set-version: no project <version> in pom.xml" >&2; exit 1; }
[[ "$old" != "$new" ]] || { echo "set-version: the version is $new already" >&2; exit 1; }
if [[ -n "$(git status --porcelain)" ]]; then
  echo "set-version: the working tree has changes; commit or stash them first." >&2; exit 1
fi

# The parent POM's own version (two spaces in: the project's, not a plugin's or dependency's).
sed -i "s|^  <version>$old</version>|  <version>$new</version>|" pom.xml
# Each module names the parent by its version, inside <parent> (four spaces in).
modules=$(sed -n 's:^ *<module>\(.*\)</module>.*:\1:p' pom.xml | sort -u)
for module in $modules; do
  perl -0pi -e "s|(<parent>.*?<version>)\Q$old\E(</version>.*?</parent>)|\${1}$new\${2}|s" "$module/pom.xml"
  grep -q "<version>$new</version>" "$module/pom.xml" \
    || { echo "set-version: $module/pom.xml names no parent version $old" >&2; exit 1; }
done
sed -i "s|<secured-content.version>$old</secured-content.version>|<secured-content.version>$new</secured-content.version>|" \
  examples/quickstart/pom.xml
grep -q "<secured-content.version>$new</secured-content.version>" examples/quickstart/pom.xml \
  || { echo "set-version: examples/quickstart/pom.xml has no <secured-content.version>$old" >&2; exit 1; }

timestamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sed -i "s|<project.build.outputTimestamp>[^<]*</project.build.outputTimestamp>|<project.build.outputTimestamp>$timestamp</project.build.outputTimestamp>|" pom.xml
grep -q "<project.build.outputTimestamp>$timestamp<" pom.xml \
  || { echo "set-version: pom.xml has no project.build.outputTimestamp" >&2; exit 1; }

if $release; then
  # What users copy: only this project's coordinates, whatever version they named before.
  docs=$(git ls-files README.md 'docs/*.md' 'web-server/*.md')
  # shellcheck disable=SC2086
  perl -0pi -e "
    s{(<groupId>dev\.securedcontent</groupId>\s*<artifactId>[a-z-]+</artifactId>\s*<version>)[^<]+(</version>)}{\${1}$new\${2}}g;
    s{\b(dev\.securedcontent:[a-z-]+:)[0-9][0-9A-Za-z.-]*(?=:[a-z])}{\${1}$new}g;" $docs
  grep -q '^## \[Unreleased\]$' CHANGELOG.md || { echo "set-version: CHANGELOG.md has no '## [Unreleased]'" >&2; exit 1; }
  sed -i "s/^## \[Unreleased\]$/## [Unreleased]\n\n## [$new] - ${timestamp%%T*}/" CHANGELOG.md
fi

echo "set-version: $old -> $new; project.build.outputTimestamp $timestamp."
git status --short
commit_command=(git commit -q -a -m "Version $new" --date="$timestamp")
if $commit; then
  GIT_COMMITTER_DATE=$timestamp "${commit_command[@]}"
  echo "set-version: committed $(git rev-parse --short HEAD) at $(git log -1 --format=%cI)."
else
  echo "set-version: review, then commit at that time: GIT_COMMITTER_DATE=$timestamp $(printf '%q ' "${commit_command[@]}")"
fi
