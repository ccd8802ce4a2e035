#!/usr/bin/env bash
# The main job in one command: build and install the toolkit, then run the example project
# (examples/quickstart) that makes a key pair, builds a .pkg and an .ipa, writes their manifests
# with signed download URLs, serves them from a token-checking server on loopback and probes it.
# Ends with a short summary to check by eye. Needs only a JDK 17 (the wrapper fetches Maven).
#
#   ./quickstart.sh
#   QUICKSTART_LOCAL_REPO=/tmp/qs-repo ./quickstart.sh   # install into that repository instead of
#       ~/.m2 (read-only for everything else there: Maven 3.9's chained local repository)
#
# The full Maven output goes to target/quickstart/build.log.
set -euo pipefail
cd "$(dirname "$0")"

log_dir=target/quickstart
log="$log_dir/build.log"
mkdir -p "$log_dir"
: >"$log"

maven_args=(-B)
if [[ -n "${QUICKSTART_LOCAL_REPO:-}" ]]; then
  mkdir -p "$QUICKSTART_LOCAL_REPO"
  repo=$(cd "$QUICKSTART_LOCAL_REPO" && pwd)
  maven_args+=("-Dmaven.repo.local=$repo" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
fi

fail() {
  echo "quickstart: $1" >&2
  echo "quickstart: the last lines of $log:" >&2
  tail -n 40 "$log" >&2
  exit 1
}

# The example pins the toolkit's version; it must be the one this checkout builds.
toolkit_version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
example_version=$(sed -n 's:.*<secured-content.version>\(.*\)</secured-content.version>.*:\1:p' examples/quickstart/pom.xml)
if [[ "$toolkit_version" != "$example_version" ]]; then
  echo "quickstart: examples/quickstart/pom.xml uses toolkit $example_version but this checkout builds $toolkit_version." >&2
  echo "quickstart: Fix: set <secured-content.version>$toolkit_version</secured-content.version> there." >&2
  exit 1
fi

echo "quickstart: 1/2 building and installing the toolkit $toolkit_version (./mvnw install, tests skipped; ./mvnw verify runs them)..."
started=$SECONDS
# -Dinvoker.skip: the plugin's integration tests are tests too.
./mvnw "${maven_args[@]}" -q install -DskipTests -Dinvoker.skip=true >>"$log" 2>&1 \
  || fail "building the toolkit failed."
echo "quickstart:     done in $((SECONDS - started)) s."

echo "quickstart: 2/2 running the example (./mvnw -f examples/quickstart/pom.xml verify)..."
started=$SECONDS
example_ok=true
./mvnw "${maven_args[@]}" -f examples/quickstart/pom.xml verify >>"$log" 2>&1 || example_ok=false
echo "quickstart:     done in $((SECONDS - started)) s."

# The summary: what the goals printed, picked from the log and shortened (no line holds a whole token).
example_dir="$PWD/examples/quickstart/"
short() { sed -E -e 's/^\[(INFO|WARNING|ERROR)\] //' -e "s:$example_dir::g" -e "s:$PWD/::g"; }
finding() { # "[PASSED] <file> <location> <url>/<name> [<check>]: <detail>" -> "<name>  PASSED <check>: <detail>"
  sed -E 's/^\[([A-Z]+)\] .*\/([^/ ?]+)(\?[^ ]*)? \[([^]]+)\]: (.*)$/\2  \1 \4: \5/'
}
{
  echo
  echo "=== Quick start summary (examples/quickstart; full log: $log) ==="
  grep -E 'Wrote private key|Keeping the existing key pair' "$log" | short | sed 's/^/Key pair    /' || true
  grep -E '^Plain Java: ' "$log" | sed 's/^Plain Java: /Plain Java  /' || true
  signed=$(grep -E '^\[INFO\] Signed ' "$log" | short | sed 's/^Signed //' | paste -sd, - | sed 's/,/, /g')
  echo "Signed      ${signed:-nothing} ($(grep -oE 'tokens valid for [^.]*' "$log" | head -n 1))"
  grep -E 'jwt:serve: serving ' "$log" | short | sed -E 's/^jwt:serve: serving (.*\)); .*/Served      \1/' || true
  grep -E '^\[[A-Z]+\] jwt:verify: [0-9]+ passed' "$log" | short | sed -E 's/^jwt:verify: ([^.]*)\..*/Verified    \1:/' || true
  grep -E '^\[INFO\] \[(PASSED|FAILED|SKIPPED)\] ' "$log" | short \
    | grep -E '\[asset\]|^\[(FAILED|SKIPPED)\]' | finding | sed 's/^/  /' || true
  grep -E 'jwt:serve stopped ' "$log" | short \
    | sed -E 's/^jwt:serve stopped [^ ]+ \([^,]*, (token check [A-Za-z]+)\): (.*)/Server      \1: \2/' || true
  sed -n '/jwt:serve stopped /,/^\[INFO\] -----/p' "$log" | grep -E '^\[INFO\]   ' | short || true
  if $example_ok; then
    echo "Result      OK: signed downloads are served; unsigned, expired and tampered ones are refused."
  else
    echo "Result      FAILED: see the lines above and $log."
  fi
} | tee "$log_dir/summary.txt"
$example_ok || exit 1
