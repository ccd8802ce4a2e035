#!/usr/bin/env bash
# Makes (once) a Debian 13 (trixie) root holding the web servers the recipes are tested on, and
# prints its path. The end-to-end tests start the same recipes from it with chroot, so each recipe
# is tested on Debian 12's packages (the host) and Debian 13's (this root).
#
# The root is cached where the machine keeps files between CI runs, under a name made from the
# suite and the package list: a changed list makes a new root. It is built in a temp dir and renamed
# into place, so an interrupted build never leaves a root that looks complete; the marker file
# lists the package versions it holds.
#
# Usage: .ci/debian-root.sh            prints the root's path (building it when absent)
# Env:   JWT_DEBIAN_ROOT_CACHE         where roots are kept (default /var/cache/secured-content-jwt)
#        JWT_DEBIAN_MIRROR             the Debian mirror (default: the machine's own apt sources)
set -euo pipefail

suite=trixie
packages=nginx,libnginx-mod-http-js,haproxy,apache2,libapache2-mod-oauth2,caddy,default-jre-headless
cache=${JWT_DEBIAN_ROOT_CACHE:-/var/cache/secured-content-jwt}
hash=$(printf '%s %s\n' "$suite" "$packages" | sha256sum | cut -c1-12)
root="$cache/debian-$suite-$hash"
marker="$root/.secured-content-jwt-root"

if [[ -s "$marker" ]]; then
  echo "$root"
  exit 0
fi

mirror=${JWT_DEBIAN_MIRROR:-}
if [[ -z "$mirror" ]]; then
  mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1 || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}

if ! command -v debootstrap >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >&2
fi

mkdir -p "$cache"
# A root left without its marker (an interrupted run before the rename cannot leave one; a root
# from an older version of this script can): deleted, but never with anything mounted inside.
if [[ -e "$root" ]]; then
  if findmnt -rn -o TARGET | grep -q "^$root"; then
    echo "debian-root: $root is incomplete and has mounts under it; not touching it" >&2
    exit 1
  fi
  rm -rf --one-file-system "$root"
fi

build=$(mktemp -d "$cache/.build-$suite.XXXXXX")
cleanup() {
  if ! findmnt -rn -o TARGET | grep -q "^$build"; then
    rm -rf --one-file-system "$build"
  fi
  rm -f "$build.log"
}
trap cleanup EXIT
started=$SECONDS
echo "debian-root: debootstrap $suite from $mirror into $build ($packages)" >&2
debootstrap --variant=minbase --include="$packages" "$suite" "$build" "$mirror" >"$build.log" 2>&1 || {
  tail -n 40 "$build.log" >&2
  echo "debian-root: debootstrap failed (log above)" >&2
  exit 1
}
rm -f "$build.log"
# Nothing of the root's may keep running (package scripts do not start services in a chroot; made sure).
for pid in $(ls /proc | grep -E '^[0-9]+$'); do
  if [[ "$(readlink "/proc/$pid/root" 2>/dev/null)" == "$build" ]]; then
    echo "debian-root: stopping $(cat "/proc/$pid/comm" 2>/dev/null) ($pid), started by the package scripts" >&2
    kill "$pid" 2>/dev/null || true
  fi
done
rm -rf "$build/var/cache/apt/archives"/*.deb "$build/var/lib/apt/lists"/* 2>/dev/null || true

{
  echo "suite $suite"
  echo "packages $packages"
  chroot "$build" dpkg-query -W -f='${Package} ${Version}\n' nginx libnginx-mod-http-js haproxy apache2 \
    libapache2-mod-oauth2 caddy 'libssl3*' 'openjdk-*-jre-headless' | awk 'NF == 2'
} >"$build/.secured-content-jwt-root.tmp"
mv "$build/.secured-content-jwt-root.tmp" "$build/.secured-content-jwt-root"
chmod 755 "$build"
if ! mv -T "$build" "$root" 2>/dev/null; then
  # Another run finished the same root first: use it (the trap deletes this copy).
  [[ -s "$marker" ]] || { echo "debian-root: could not move $build to $root" >&2; exit 1; }
  echo "$root"
  exit 0
fi
trap - EXIT
echo "debian-root: built in $((SECONDS - started)) s: $root" >&2
sed 's/^/debian-root:   /' "$marker" >&2
echo "$root"
