#!/usr/bin/env bash
# CI step: the compatibility matrix, smallest sufficient subset (docs/development.md,
# "Compatibility"): JDK 25, the oldest Mavens the plugin supports, the oldest and newest JUnit the
# test fixtures support. Uses the quick start step's clone and repository when .ci/run ran it
# (in $CI_WORK), else installs the toolkit into its own. Prints the time each part adds.
source "$(dirname "$0")/lib.sh"

dir="$CI_WORK/compat"
rm -rf "$dir"
mkdir -p "$dir"
part() { echo "CI: compat: $1 in $((SECONDS - part_started)) s."; part_started=$SECONDS; }
part_started=$SECONDS
jdk25=$(ci_jdk25)

# JDK 25: every module built and its own tests run; the end-to-end tests (real web servers, whose
# verdicts do not depend on the JVM) and the invoker projects (covered by the Maven matrix below)
# run on JDK 17 only, to keep CI short.
JAVA_HOME=$jdk25 ./mvnw -B clean verify -pl '!it' -Dinvoker.skip=true >"$dir/jdk25.log" 2>&1 || {
  tail -n 80 "$dir/jdk25.log"; ci_fail "the build on JDK 25 ($jdk25) failed (log above)."; }
grep -E '^\[(INFO|WARNING|ERROR)\] Tests run:.*Fail' "$dir/jdk25.log" | tail -n 1
part "JDK 25 build and tests ($jdk25)"

# The quick-start example (examples/quickstart) built by another Maven, against the toolkit the
# quick start installed into its own repository (a copy of it: Maven before 3.9 has no chained
# local repository, so what ~/.m2 holds is fetched again from Maven Central).
ci_toolkit_installed
quickstart_example_on() { # maven home, version
  local repo="$dir/repo-$2"
  cp -r "$qs_repo" "$repo"
  if ! (cd "$qs_clone" && "$1/bin/mvn" -B "-Dmaven.repo.local=$repo" -f examples/quickstart/pom.xml clean verify) \
      >"$dir/quickstart-$2.log" 2>&1 || ! grep -qE 'jwt:verify: [0-9]+ passed, 0 failed' "$dir/quickstart-$2.log"; then
    tail -n 80 "$dir/quickstart-$2.log"
    ci_fail "the quick-start example failed on Maven $2 (log above)."
  fi
  rm -rf "$repo"
  echo "CI: quick-start example OK on Maven $2."
}

# The oldest Mavens the plugin supports: its invoker projects, and the quick-start example.
for maven_version in 3.6.3 3.8.8; do
  ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    "-Dartifact=org.apache.maven:apache-maven:$maven_version:tar.gz:bin" "-DoutputDirectory=$dir/maven" \
    >"$dir/maven-$maven_version-fetch.log" 2>&1 || {
    cat "$dir/maven-$maven_version-fetch.log"; ci_fail "could not fetch Maven $maven_version."; }
  maven_home="$dir/maven/apache-maven-$maven_version"
  # The projects whose outcome may depend on Maven itself: the lifecycle with an attached install,
  # settings.xml decryption, a server living for the build, and every goal without a POM.
  ./mvnw -B verify -pl jwt-maven-plugin -am -DskipTests "-Dinvoker.mavenHome=$maven_home" \
    '-Dinvoker.test=keygen-sign-verify,secrets-at-debug,serve-sign-probe,*-no-pom' \
    >"$dir/invoker-$maven_version.log" 2>&1 || {
    tail -n 80 "$dir/invoker-$maven_version.log"
    ci_fail "the plugin's invoker projects failed on Maven $maven_version (log above)."; }
  grep -E 'Passed: [0-9]+, Failed: 0' "$dir/invoker-$maven_version.log" | tail -n 1
  quickstart_example_on "$maven_home" "$maven_version"
  part "Maven $maven_version: invoker projects and quick-start example"
done

# The test fixtures' tests on the oldest JUnit they support and on JUnit 6 (the modules below them
# are rebuilt with that JUnit, their tests not run).
for junit_version in 5.10.3 6.1.3; do
  ./mvnw -B verify -pl jwt-core,jwt-audit,jwt-content-server,jwt-test-data,jwt-test-fixtures "-Djunit.version=$junit_version" \
    '-Dtest=dev/securedcontent/jwt/testing/**,!LargeFileTest' -Dsurefire.failIfNoSpecifiedTests=false \
    >"$dir/junit-$junit_version.log" 2>&1 || {
    tail -n 80 "$dir/junit-$junit_version.log"
    ci_fail "the fixtures' tests failed on JUnit $junit_version (log above)."; }
  grep -E '^\[(INFO|WARNING)\] Tests run:' "$dir/junit-$junit_version.log" | tail -n 1
  part "fixtures on JUnit $junit_version"
done
ci_done
