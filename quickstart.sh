#!/usr/bin/env bash
# The main job in one command: build and install the toolkit, then run the example project
# (examples/quickstart) that makes a key pair, builds a .pkg and an .ipa, writes their manifests
# with signed download URLs, serves them from a token-checking server on loopback and probes it;
# and shows that the same build fails against a server that does not check tokens.
# Ends with a short summary to check by eye. Needs only a JDK 17 (the wrapper fetches Maven).
#
#   ./quickstart.sh
#   QUICKSTART_LOCAL_REPO=/tmp/qs-repo ./quickstart.sh   # install into that repository instead of
#       ~/.m2 (read-only for everything else there: Maven 3.9's chained local repository)
#
# Maven's output goes to target/quickstart/*.log, the summary also to target/quickstart/summary.txt.
set -euo pipefail
cd "$(dirname "$0")"

log_dir=target/quickstart
mkdir -p "$log_dir"
rm -f "$log_dir"/*.log "$log_dir/summary.txt"
log="$log_dir/example.log"            # the example's build, which the summary is made from
install_log="$log_dir/install.log"
unprotected_log="$log_dir/unprotected.log"

maven_args=(-B)
if [[ -n "${QUICKSTART_LOCAL_REPO:-}" ]]; then
  mkdir -p "$QUICKSTART_LOCAL_REPO"
  repo=$(cd "$QUICKSTART_LOCAL_REPO" && pwd)
  maven_args+=("-Dmaven.repo.local=$repo" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
fi

fail() { # message, log file
  echo "quickstart: $1" >&2
  echo "quickstart: the last lines of $2:" >&2
  tail -n 40 "$2" >&2
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

echo "quickstart: 1/3 building and installing the toolkit $toolkit_version (./mvnw install, tests skipped; ./mvnw verify runs them)..."
started=$SECONDS
# -Dinvoker.skip: the plugin's integration tests are tests too.
./mvnw "${maven_args[@]}" -q install -DskipTests -Dinvoker.skip=true >"$install_log" 2>&1 \
  || fail "building the toolkit failed." "$install_log"
echo "quickstart:     done in $((SECONDS - started)) s."

# First the build that must fail, so that target/ ends up holding the good build's output.
echo "quickstart: 2/3 the example against a server that does not check tokens (must fail)..."
started=$SECONDS
if ./mvnw "${maven_args[@]}" -f examples/quickstart/pom.xml verify -Djwt.serve.tokenCheck=false \
    >"$unprotected_log" 2>&1; then
  fail "jwt:verify passed against a server that serves unsigned downloads." "$unprotected_log"
fi
grep -q 'this is the hole Jamf warns about' "$unprotected_log" \
  || fail "the build failed, but not because the probe caught the unprotected server." "$unprotected_log"
echo "quickstart:     done in $((SECONDS - started)) s."

echo "quickstart: 3/3 running the example (./mvnw -f examples/quickstart/pom.xml verify)..."
started=$SECONDS
example_ok=true
./mvnw "${maven_args[@]}" -f examples/quickstart/pom.xml verify >"$log" 2>&1 || example_ok=false
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
  # The first build (step 2) is the one that makes the key pair, if any build does.
  grep -hE 'Wrote private key|Keeping the existing key pair' "$unprotected_log" "$log" | head -n 1 | short \
    | sed 's/^/Key pair    /' || true
  grep -E '^Plain Java: ' "$log" | sed 's/^Plain Java: /Plain Java  /' || true
  signed=$(grep -E '^\[INFO\] Signed ' "$log" | short | sed 's/^Signed //' | paste -sd, - | sed 's/,/, /g')
  echo "Signed      ${signed:-nothing} ($(grep -oE 'tokens valid for [^.]*' "$log" | head -n 1))"
  grep -E 'jwt:serve: serving ' "$log" | short | sed -E 's/^jwt:serve: serving (.*\)); .*/Served      \1/' || true
  grep -E '^\[[A-Z]+\] jwt:verify: [0-9]+ passed' "$log" | short | sed -E 's/^jwt:verify: ([^.]*)\..*/Verified    \1:/' || true
  grep -E '^\[INFO\] \[(PASSED|FAILED|SKIPPED)\] ' "$log" | short \
    | grep -E '\[asset\]|^\[(FAILED|SKIPPED)\]' | finding | sed 's/^/  /' || true
  grep -E 'jwt:serve stopped ' "$log" | short \
    | sed -E 's/^jwt:serve stopped [^ ]+ \([^,]*, (token check [A-Za-z]+)\): (.*)/Server      \1: \2/' || true
  # The server's requests: the served ones, then every refusal reason it gave (the probe sends one
  # request per audit case, so the full list is in the log only).
  server_lines=$(sed -n '/jwt:serve stopped /,/^\[INFO\] -----/p' "$log" | grep -E '^\[INFO\]   ' | short || true)
  grep -E 'token accepted$' <<<"$server_lines" | sed -E 's/^ */  /' || true
  refusals=$(grep -oE -- '-> 40[13] [A-Z_]+$' <<<"$server_lines" | sed 's/^-> //' | LC_ALL=C sort -u | paste -sd, - | sed 's/,/, /g')
  echo "  refused with: ${refusals:-nothing}"
  grep -E '^\[ERROR\] Failed to execute goal .*jwt:verify: [0-9]+ passed' "$unprotected_log" \
    | sed -E 's/.*jwt:verify: ([^.]*)\..*/Unprotected the same build with -Djwt.serve.tokenCheck=false fails the gate: \1/' || true
  grep -E '^\[INFO\] \[FAILED\] ' "$unprotected_log" | short | head -n 1 | finding \
    | sed -E -e 's/ Fix: .*//' -e 's/ \(".*//' -e 's/^/  /' || true
  if $example_ok; then
    echo "Result      OK: signed downloads are served; unsigned, expired and tampered ones are refused."
  else
    echo "Result      FAILED: see the lines above and $log."
  fi
} | tee "$log_dir/summary.txt"
$example_ok || exit 1
