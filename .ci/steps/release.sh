#!/usr/bin/env bash
# CI step: release readiness (docs/development.md, "Releasing"). In a throwaway clone, the version
# commit made by .ci/set-version.sh, then the release profile signed with a throwaway key into the
# clone's staging directory: the files of every published module, their signatures, the effective
# POMs, a second build compared byte for byte, the passphrase in no log, and nothing left in
# ~/.m2/repository/dev/securedcontent. Prints the time each part adds.
source "$(dirname "$0")/lib.sh"

dir="$CI_WORK/release"
rm -rf "$dir"
mkdir -p "$dir"
part() { echo "CI: release: $1 in $((SECONDS - part_started)) s."; part_started=$SECONDS; }
part_started=$SECONDS
# What the rehearsal writes into ~/.m2 (there should be nothing: see release_build) is newer than this.
touch "$dir/started"

# A throwaway signing key, made here and gone with the workspace. Its passphrase is preset in
# gpg-agent, as docs/development.md recommends, and never enters Maven's environment (Maven at -X
# prints every environment variable, MAVEN_GPG_PASSPHRASE included).
export GNUPGHOME="$dir/gnupg"
mkdir -m 700 "$GNUPGHOME"
ci_on_exit+=('gpgconf --kill gpg-agent 2>/dev/null')
echo allow-preset-passphrase >"$GNUPGHOME/gpg-agent.conf"
gpg_passphrase=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s' "$gpg_passphrase" | gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 0 \
  --quick-generate-key 'Secured Content JWT CI throwaway key <ci@invalid>' rsa3072 sign 1d 2>/dev/null
for keygrip in $(gpg --batch --with-colons --with-keygrip --list-secret-keys | awk -F: '$1 == "grp" { print $10 }'); do
  printf '%s' "$gpg_passphrase" | "$(gpgconf --list-dirs libexecdir)/gpg-preset-passphrase" --preset "$keygrip"
done
unset MAVEN_GPG_PASSPHRASE

# The published modules, from the reactor: every module whose POM does not skip deployment.
published=()
while read -r module; do
  grep -q '<maven.deploy.skip>true</maven.deploy.skip>' "$module/pom.xml" || published+=("$module")
done < <(sed -n 's:^ *<module>\(.*\)</module>.*:\1:p' pom.xml | sort -u)

# The release to come, rehearsed in a clone whose version commit .ci/set-version.sh made: the
# staged files then have the names they will have on Maven Central. (On the version commit itself
# there is nothing to set.)
src="$dir/checkout"
current=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
version=${current%-SNAPSHOT}
git clone -q . "$src"
if [[ "$current" == "$version" ]]; then
  echo "CI: release: the checkout is version $version already; .ci/set-version.sh not run."
else
  (cd "$src" && GIT_AUTHOR_NAME=CI GIT_AUTHOR_EMAIL=ci@invalid GIT_COMMITTER_NAME=CI GIT_COMMITTER_EMAIL=ci@invalid \
    .ci/set-version.sh "$version" --commit) >"$dir/set-version.log" 2>&1 || {
    cat "$dir/set-version.log"; ci_fail ".ci/set-version.sh $version failed (log above)."; }
  set_version_problems=0
  sv_fail() { echo "CI: .ci/set-version.sh $version: $1" >&2; set_version_problems=1; }
  # No -SNAPSHOT left but the example's own version (a project of the user's, not the toolkit's).
  leftover=$(git -C "$src" grep -n -E '[0-9]-SNAPSHOT' -- . ':!examples/quickstart/pom.xml' || true)
  [[ -z "$leftover" ]] || sv_fail "left -SNAPSHOT in: $leftover"
  [[ "$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$src/examples/quickstart/pom.xml")" \
    == "$(sed -n 's:^  <version>\(.*\)</version>:\1:p' examples/quickstart/pom.xml)" ]] || sv_fail "changed the example's own version."
  grep -q "<secured-content.version>$version</secured-content.version>" "$src/examples/quickstart/pom.xml" \
    || sv_fail "did not set the example's secured-content.version."
  for module in . $(sed -n 's:^ *<module>\(.*\)</module>.*:\1:p' pom.xml | sort -u); do
    grep -q "<version>$version</version>" "$src/$module/pom.xml" || sv_fail "did not set the version of $module/pom.xml."
  done
  # The invoker projects keep @project.version@ (filled in by the invoker plugin): nothing under src/it changed.
  [[ -z "$(git -C "$src" diff --name-only HEAD~1 HEAD -- '*/src/it/*')" ]] || sv_fail "changed the invoker projects."
  [[ -z "$(git -C "$src" status --porcelain)" ]] || sv_fail "left changes out of its commit: $(git -C "$src" status --porcelain)"
  timestamp=$(sed -n 's:.*<project.build.outputTimestamp>\(.*\)</project.build.outputTimestamp>.*:\1:p' "$src/pom.xml")
  [[ -n "$timestamp" && "$(date -d "$timestamp" +%s)" == "$(date -d "$(git -C "$src" log -1 --format=%cI)" +%s)" ]] \
    || sv_fail "project.build.outputTimestamp $timestamp is not the version commit's time $(git -C "$src" log -1 --format=%cI)."
  grep -q "^## \[$version\] - " "$src/CHANGELOG.md" || sv_fail "CHANGELOG.md has no [$version] section."
  ((set_version_problems == 0)) || exit 1
  part "version commit (.ci/set-version.sh $version)"
fi

# Release build (the tests ran in the verify step): signed, deployed to the clone's target/staging
# only. Deploying writes the staging repository's metadata (maven-metadata-release-staging.xml,
# resolver-status.properties) into the local repository: a private one here (third-party artifacts
# read from ~/.m2), so the rehearsal leaves nothing under ~/.m2/repository/dev/securedcontent.
release_repo=(-Dmaven.repo.local="$dir/repo" -Dmaven.repo.local.tail="$HOME/.m2/repository")
release_build() { # name of the copy to keep
  (cd "$src" && ./mvnw -B "${release_repo[@]}" -Prelease clean deploy -DskipTests -Dinvoker.skip=true) >"$dir/$1.log" 2>&1 || {
    tail -n 60 "$dir/$1.log"; ci_fail "./mvnw -Prelease deploy failed (log above)."; }
  if grep 'warning: no comment' "$dir/$1.log"; then
    ci_fail "public API without Javadoc (above)."
  fi
  rm -rf "${dir:?}/$1"; cp -r "$src/target/staging" "$dir/$1"
  # The admins' download, never staged for Maven Central: content-token-X.Y.Z.zip and its signature.
  rm -rf "${dir:?}/$1-download"; mkdir -p "$dir/$1-download"
  cp "$src/jwt-gateway/target/content-token-$version.zip" "$src/jwt-gateway/target/content-token-$version.zip.asc" \
    "$dir/$1-download/" || ci_fail "the release build left no signed jwt-gateway/target/content-token-$version.zip."
}
release_build staged-1
part "release build, signed and staged"

# The project <url> and the scm <connection>, <developerConnection> and <url> of one POM read from
# stdin: the project whose artifactId is $1 ('' for a single POM), its children indented by $2.
pom_links() {
  awk -v want="$1" -v ind="$2" '
    $0 ~ "^" substr(ind, 3) "<project[ >]" { a = ""; scm = 0 }
    $0 ~ "^" ind "<artifactId>" && a == "" { a = $0; gsub(/ *<\/?artifactId>/, "", a) }
    a != want && want != "" { next }
    $0 ~ "^" ind "<url>" { l = $0; sub(/^ */, "", l); print "url " l }
    $0 ~ "^" ind "<scm[ >]" { scm = 1 }
    $0 ~ "^" ind "</scm>" { scm = 0 }
    scm && $0 ~ "^" ind "  <(connection|developerConnection|url)>" { l = $0; sub(/^ */, "", l); print "scm " l }'
}

# What a release stages holds no tests jar and no private key (jwt-core's tests carry test keys
# and fuzz inputs that are keys; they stay in the unpublished jwt-test-data): no file with a tests
# classifier, no key-like file or jar entry, and no PEM private key or DER RSA key (PKCS#8, PKCS#1) in any
# staged file or inside any jar. Takes the staging directory; prints each problem.
staged_holds_no_test_files() {
  local staged=$1 problems=0 f entry unpacked
  unpacked=$(mktemp -d "$dir/staged-jars.XXXXXX")
  while read -r f; do
    echo "CI: a tests jar was staged: ${f#"$staged"/}" >&2; problems=1
  done < <(find "$staged" -type f \( -name '*-tests.jar*' -o -name '*-test-sources.jar*' -o -name '*-test-javadoc.jar*' \))
  while read -r f; do
    while read -r entry; do
      case $entry in
        *.pem|*.key|*.der|*.p8|*.p12|*.pfx|*.jks|*FuzzTestInputs/*)
          echo "CI: ${f#"$staged"/} holds $entry, a key or a test input." >&2; problems=1 ;;
      esac
    done < <(unzip -Z1 "$f")
    mkdir -p "$unpacked/${f#"$staged"/}"
    unzip -q -o "$f" -d "$unpacked/${f#"$staged"/}" || { echo "CI: could not unpack ${f#"$staged"/}" >&2; problems=1; }
  done < <(find "$staged" -type f -name '*.jar')
  # A class that only names the PEM header (RsaKeys does) does not match: a key needs its base64 body.
  while read -r f; do
    f=${f#"$unpacked"/}; echo "CI: a private key was staged: ${f#"$staged"/}" >&2; problems=1
  done < <(find "$staged" "$unpacked" -type f ! -name '*.jar' ! -name '*.asc' -print0 | LC_ALL=C xargs -0 -r grep -alzP \
      -e '-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\r?\n(Proc-Type:[^\n]*\n(DEK-Info:[^\n]*\n)?\r?\n)?[A-Za-z0-9+/=]{40}' || true
    find "$staged" "$unpacked" -type f ! -name '*.jar' ! -name '*.asc' -print0 | LC_ALL=C xargs -0 -r grep -alP \
      '(?s)\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00\x04|\x30\x82..\x02\x01\x00\x02\x82(\x01\x01|\x01\x81|\x02\x01)\x00' \
      || true)
  rm -rf "$unpacked"
  return "$problems"
}

group_dir=dev/securedcontent
problems=0
for a in secured-content-jwt-parent; do
  for f in "$a-$version.pom" "$a-$version.pom.asc"; do
    [[ -f "$dir/staged-1/$group_dir/$a/$version/$f" ]] || { echo "CI: staging lacks $a/$version/$f" >&2; problems=1; }
  done
done
for a in "${published[@]}"; do
  for f in "$a-$version.jar" "$a-$version-sources.jar" "$a-$version-javadoc.jar" "$a-$version.pom" \
      "$a-$version-cyclonedx.json"; do
    [[ -s "$dir/staged-1/$group_dir/$a/$version/$f" && -s "$dir/staged-1/$group_dir/$a/$version/$f.asc" ]] \
      || { echo "CI: staging lacks $a/$version/$f or its .asc" >&2; problems=1; }
  done
  # Its module name for the module path (docs/development.md, "Public API"), not one derived from the file name.
  jar --describe-module --file "$dir/staged-1/$group_dir/$a/$version/$a-$version.jar" 2>/dev/null \
    | grep -q "^dev\.securedcontent\.jwt\.[a-z]*@$version automatic" \
    || { echo "CI: the jar of $a has no Automatic-Module-Name" >&2; problems=1; }
  for f in name description url licenses scm developers; do
    grep -qE "<$f[ >]" "$dir/staged-1/$group_dir/$a/$version/$a-$version.pom" 2>/dev/null \
      || grep -qE "<$f[ >]" pom.xml || { echo "CI: the POM of $a has no <$f>" >&2; problems=1; }
  done
done
for f in $(find "$dir/staged-1" -name '*.asc'); do
  gpg --batch --quiet --verify "$f" "${f%.asc}" 2>/dev/null \
    || { echo "CI: bad signature: ${f#"$dir"/}" >&2; problems=1; }
done
if find "$dir/staged-1" -path '*/it/*' -o -path '*/benchmarks/*' -o -path '*/jwt-test-data/*' | grep -q .; then
  echo "CI: an unpublished module (it, jwt-test-data, benchmarks) was staged." >&2; problems=1
fi
staged_holds_no_test_files "$dir/staged-1" || problems=1
# The test fixtures bring no JUnit or AssertJ of their own (docs/test-server.md): neither is a
# compile or runtime dependency of a published POM.
for a in "${published[@]}"; do
  awk '/<dependency>/ { g = ""; s = "compile" } /<groupId>/ { g = $0 } /<scope>/ { s = $0 }
      /<\/dependency>/ && g ~ /org\.(junit|assertj)/ && s !~ /(provided|test)/ { print g; bad = 1 } END { exit bad }' \
    "$dir/staged-1/$group_dir/$a/$version/$a-$version.pom" >/dev/null \
    || { echo "CI: the POM of $a gives its users JUnit or AssertJ (compile scope)." >&2; problems=1; }
done
# The POMs as a consumer reads them (the parent's values inherited): each module's url and scm are
# the repository's own, not <repository>/<artifactId>, a path that does not exist.
(cd "$src" && ./mvnw -B -q "${release_repo[@]}" org.apache.maven.plugins:maven-help-plugin:3.5.1:effective-pom \
    -pl "$(IFS=,; echo "${published[*]}")" "-Doutput=$dir/effective-poms.xml") >"$dir/effective-poms.log" 2>&1 || {
  cat "$dir/effective-poms.log"; ci_fail "help:effective-pom failed (log above)."; }
parent_links=$(pom_links '' '  ' <"$src/pom.xml")
indent='  '
grep -q '^<projects>' "$dir/effective-poms.xml" && indent='    ' # several projects, nested one level deeper
for a in "${published[@]}"; do
  got=$(pom_links "$a" "$indent" <"$dir/effective-poms.xml")
  [[ -n "$parent_links" && "$got" == "$parent_links" ]] || {
    printf 'CI: the effective POM of %s has url/scm\n%s\nnot the parent'"'"'s\n%s\n' "$a" "$got" "$parent_links" >&2; problems=1; }
done
# The admins' download (docs/content-token.md, "Install"): signed; the jar, which runs, every file
# of jwt-gateway/src/main/dist, the page and the licence; no key or test file (as staged above).
download="$dir/staged-1-download"
zip="$download/content-token-$version.zip"
gpg --batch --quiet --verify "$zip.asc" "$zip" 2>/dev/null || { echo "CI: bad signature: content-token-$version.zip" >&2; problems=1; }
unzip -q "$zip" -d "$download/unpacked"
for f in content-token.jar content-token.md LICENSE $(cd jwt-gateway/src/main/dist && find . -type f | sed 's:^\./::' | sort); do
  [[ -s "$download/unpacked/content-token-$version/$f" ]] || { echo "CI: content-token-$version.zip lacks $f" >&2; problems=1; }
done
java -jar "$download/unpacked/content-token-$version/content-token.jar" --help >"$download/help.txt" 2>&1 \
  || { echo "CI: java -jar content-token.jar --help from the zip failed: $(head -c 300 "$download/help.txt")" >&2; problems=1; }
staged_holds_no_test_files "$download/unpacked" || problems=1
((problems == 0)) || exit 1
echo "CI: release: content-token-$version.zip signed, with the jar and $(cd jwt-gateway/src/main/dist && find . -type f | wc -l) files of src/main/dist."
echo "CI: release: staged ${published[*]} and the parent: jar, sources, javadoc, POM, SBOM, each signed" \
  "($(find "$dir/staged-1" -name '*.asc' | wc -l) signatures verified)."
part "file and signature checks"

# Reproducible: a second build from scratch gives the same bytes (signatures aside: each
# signature carries its own time).
release_build staged-2
# The signing passphrase in no log, not even at -X (one module's signed build at -X suffices:
# what it prints of the environment and of the gpg plugin is the same in every module).
(cd "$src" && ./mvnw -B -X "${release_repo[@]}" -Prelease -pl jwt-core verify -DskipTests) >"$dir/release-debug.log" 2>&1 || {
  tail -n 60 "$dir/release-debug.log"; ci_fail "./mvnw -X -Prelease -pl jwt-core verify failed (log above)."; }
if ! grep -q '^\[DEBUG\] env\.PATH: ' "$dir/release-debug.log" || [[ ! -s "$src/jwt-core/target/jwt-core-$version.jar.asc" ]]; then
  ci_fail "the -X release build printed no environment or signed nothing: it proves nothing."
fi
if grep -lF "$gpg_passphrase" "$dir"/*.log; then
  ci_fail "the signing key's passphrase appears in the release logs above."
fi
differ=$(cd "$dir/staged-1" && find . -type f ! -name '*.asc' ! -name '*.md5' ! -name '*.sha1' \
    ! -name '*.sha256' ! -name '*.sha512' ! -name 'maven-metadata*' -print0 \
  | xargs -0 -I{} sh -c 'cmp -s "{}" "../staged-2/{}" || echo "{}"')
[[ -z "$differ" ]] || ci_fail "two release builds of one commit differ in: $differ"
cmp -s "$dir/staged-1-download/content-token-$version.zip" "$dir/staged-2-download/content-token-$version.zip" \
  || ci_fail "two release builds of one commit give different content-token-$version.zip."
echo "CI: release: two builds identical ($(cd "$dir/staged-1" && find . -type f ! -name '*.asc' | wc -l) files)."
# The rehearsal wrote nothing of the project's into ~/.m2 (deploy's staging metadata went to $dir/repo).
# Not counted: *.lastUpdated, the marks of a failed look-up that any build on the machine leaves when
# the API check looks for its baseline release (which, before the first release, is this version).
left=$(find "$HOME/.m2/repository/dev/securedcontent" -newer "$dir/started" -type f ! -name '*.lastUpdated' \
  \( -name 'maven-metadata-release-staging*' -o -name 'resolver-status.properties' -o -path "*/$version/*" \) 2>/dev/null || true)
[[ -z "$left" ]] || ci_fail "the release rehearsal wrote into ~/.m2: $left"
part "second build and byte comparison"
ci_done
