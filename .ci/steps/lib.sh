# Sourced by every .ci/steps/*.sh: the checkout as working directory, the shared work directory,
# each step's duration, and the few helpers more than one step needs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# Where steps keep what a later step may reuse (the quick start's clone and local repository).
# .ci/run makes one for the whole run and deletes it at the end; a step run alone makes its own.
# Steps add their own clean-up to ci_on_exit (one EXIT trap for all; the last added runs first).
ci_on_exit=()
ci_exit() { local i; for ((i = ${#ci_on_exit[@]} - 1; i >= 0; i--)); do eval "${ci_on_exit[i]}" || true; done; }
trap ci_exit EXIT
if [[ -z "${CI_WORK:-}" ]]; then
  CI_WORK=$(mktemp -d "${TMPDIR:-/tmp}/ci-work.XXXXXX")
  ci_on_exit+=('rm -rf "$CI_WORK"')
fi
export CI_WORK

ci_step_name=$(basename "$0" .sh)
ci_step_started=$SECONDS
ci_done() { # printed last by each step: its duration
  echo "CI: step $ci_step_name OK in $((SECONDS - ci_step_started)) s."
}
ci_fail() { # message: ends the step
  echo "CI: $1" >&2
  exit 1
}

# JDK 25 for the compatibility matrix: $JDK25_HOME, or the first JDK under /usr/lib/jvm whose
# name holds 25 and whose java says so.
ci_jdk25() {
  local candidate
  if [[ -n "${JDK25_HOME:-}" ]]; then
    "$JDK25_HOME/bin/java" -version 2>&1 | grep -qE 'version "25[".]' \
      || ci_fail "JDK25_HOME=$JDK25_HOME holds no Java 25: $("$JDK25_HOME/bin/java" -version 2>&1 | head -n 1)"
    echo "$JDK25_HOME"
    return 0
  fi
  for candidate in /usr/lib/jvm/*25*; do
    if [[ -x "$candidate/bin/java" ]] && "$candidate/bin/java" -version 2>&1 | grep -qE 'version "25[".]'; then
      echo "$candidate"
      return 0
    fi
  done
  ci_fail "no JDK 25 under /usr/lib/jvm (a directory whose name holds 25): install one there, or set JDK25_HOME to one."
}

# The committed HEAD cloned, the toolkit installed into a local repository of its own (third-party
# artifacts read from ~/.m2): what the quick start step leaves in $CI_WORK/quickstart, made here
# when a step runs without it. Sets qs_clone and qs_repo.
ci_toolkit_installed() {
  qs_clone="$CI_WORK/quickstart/clone"
  qs_repo="$CI_WORK/quickstart/repo"
  [[ -d "$qs_repo/dev/securedcontent" ]] && return 0
  rm -rf "$CI_WORK/quickstart"
  mkdir -p "$CI_WORK/quickstart"
  git clone -q . "$qs_clone"
  (cd "$qs_clone" && ./mvnw -B -q "-Dmaven.repo.local=$qs_repo" "-Dmaven.repo.local.tail=$HOME/.m2/repository" \
    install -DskipTests -Dinvoker.skip=true) >"$CI_WORK/quickstart/install.log" 2>&1 || {
    tail -n 60 "$CI_WORK/quickstart/install.log"; ci_fail "installing the toolkit into $qs_repo failed (log above)."; }
}
