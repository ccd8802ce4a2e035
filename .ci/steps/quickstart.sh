#!/usr/bin/env bash
# CI step: the README's quick start command, run as a new user would: in a fresh clone of the
# committed HEAD, with a clean local repository for the project's own artifacts (third-party
# artifacts are read from ~/.m2). Its summary must show the whole job done (every line of
# .ci/quickstart-summary.expected); then jwt:serve in the foreground, as the README shows it.
# Leaves the clone and its repository in $CI_WORK/quickstart for the compat step.
source "$(dirname "$0")/lib.sh"

qs_tmp="$CI_WORK/quickstart"
rm -rf "$qs_tmp"
mkdir -p "$qs_tmp"
git clone -q . "$qs_tmp/clone"
# The command exactly as the README's first screen gives it (its "Two commands" block).
qs_command=$(grep -m1 -E '^\./quickstart\.sh' "$qs_tmp/clone/README.md" | sed 's/ *#.*//' || true)
[[ -n "$qs_command" ]] || ci_fail "README.md has no ./quickstart.sh command line."
if ! (cd "$qs_tmp/clone" && QUICKSTART_LOCAL_REPO="$qs_tmp/repo" bash -c "$qs_command") >"$qs_tmp/quickstart.out" 2>&1; then
  cat "$qs_tmp/quickstart.out"
  ci_fail "the README's quick start command ($qs_command) failed (above)."
fi
qs_summary="$qs_tmp/clone/target/quickstart/summary.txt"
expected_lines=0
while IFS= read -r expected; do
  [[ -z "$expected" || "$expected" == '#'* ]] && continue
  expected_lines=$((expected_lines + 1))
  if ! grep -qE -- "$expected" "$qs_summary"; then
    cat "$qs_tmp/quickstart.out"
    ci_fail "the quick start summary lacks a line matching: $expected"
  fi
done <.ci/quickstart-summary.expected
((expected_lines >= 10)) || ci_fail ".ci/quickstart-summary.expected holds $expected_lines expected lines: it was cut."

# jwt:serve in the foreground, as the README shows it: a signed URL from its file is served, the
# bare URL refused; SIGTERM (as Ctrl-C) stops it and prints its access log.
http_status() { # url -> the status code, with bash's /dev/tcp (no curl needed)
  local rest=${1#http://} hostport path
  hostport=${rest%%/*}; path=/${rest#*/}
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}"
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
  head -n 1 <&3 | cut -d ' ' -f 2
  exec 3<&-
}
(cd "$qs_tmp/clone" && exec ./mvnw -B "-Dmaven.repo.local=$qs_tmp/repo" "-Dmaven.repo.local.tail=$HOME/.m2/repository" \
  -f examples/quickstart/pom.xml jwt:serve) >"$qs_tmp/serve.out" 2>&1 &
serve_pid=$!
ci_on_exit+=('[[ -z "$serve_pid" ]] || kill -TERM "$serve_pid" 2>/dev/null')
for _ in $(seq 1 120); do
  grep -q 'press Ctrl-C' "$qs_tmp/serve.out" && break
  sleep 1
done
signed_url=$(grep -m1 Example.ipa "$qs_tmp/clone/examples/quickstart/target/jwt/serve/signed-urls.txt" || true)
signed_status=$(http_status "$signed_url" || true)
bare_status=$(http_status "${signed_url%%\?*}" || true)
kill -TERM "$serve_pid"
wait "$serve_pid" || true
serve_pid=
if [[ "$signed_status" != 200 || "$bare_status" != 401 ]] || ! grep -q 'jwt:serve stopped' "$qs_tmp/serve.out"; then
  cat "$qs_tmp/serve.out"
  ci_fail "jwt:serve in the foreground: signed URL answered '$signed_status' (want 200), bare URL '$bare_status' (want 401), or it did not print its access log when stopped."
fi
# No whole token (header.payload.signature) in anything the quick start printed or logged.
if grep -qE 'eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{16}' \
    "$qs_tmp/quickstart.out" "$qs_tmp/serve.out" "$qs_tmp"/clone/target/quickstart/*.log; then
  ci_fail "the quick start printed a whole token."
fi
ci_done
