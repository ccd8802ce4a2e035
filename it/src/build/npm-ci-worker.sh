#!/bin/sh
# Installs the Cloudflare Worker recipe's pinned workerd (npm ci) before it/'s tests, so that
# ./mvnw verify in a fresh clone runs the Workerd*Test classes instead of skipping them. Run by the
# profile worker-npm-ci of it/pom.xml: npm-ci-worker.sh <recipe dir> --maven-offline=<true|false>.
set -u
dir=$1
offline=$2
if ! command -v npm >/dev/null 2>&1; then
  echo "[worker] npm is not on PATH: the Workerd*Test classes will be skipped (install Node.js and npm to run them)"
  exit 0
fi
# npm ci writes node_modules/.package-lock.json: when it is newer than the lock file, the
# install is current and the build needs no network.
if [ -f "$dir/node_modules/.package-lock.json" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
  echo "[worker] $dir/node_modules matches package-lock.json"
  exit 0
fi
set -- --prefix "$dir" --no-audit --no-fund
if [ "$offline" = --maven-offline=true ]; then
  set -- "$@" --offline
fi
echo "[worker] npm ci $*"
if ! npm ci "$@"; then
  echo "[worker] npm ci in $dir failed (see above): it needs the npm registry, or npm's cache when Maven runs offline (-o)." \
    "Fix: run 'npm ci --prefix $dir' once with network, or build with -Dworker.npmCi.skip=true to leave the Workerd*Test classes skipped." >&2
  exit 1
fi
