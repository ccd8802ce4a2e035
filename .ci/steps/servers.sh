#!/usr/bin/env bash
# CI step: the web servers and tools the tests run, installed (Debian packages, as root), and the
# Debian 13 root made or found. Idempotent: a machine that has them all skips apt.
source "$(dirname "$0")/lib.sh"

# The end-to-end tests need a real nginx with the njs module, Apache with mod_oauth2, HAProxy and
# Caddy (content-token check behind forward_auth) (Debian packages); promtool (package prometheus)
# parses content-token's /metrics, and chromium renders the HTML audit report.
if ! command -v nginx >/dev/null 2>&1 || ! ls /usr/lib/nginx/modules/ngx_http_js_module.so >/dev/null 2>&1 \
    || ! command -v apache2 >/dev/null 2>&1 || ! ls /usr/lib/apache2/modules/mod_oauth2.so >/dev/null 2>&1 \
    || ! command -v haproxy >/dev/null 2>&1 || ! command -v caddy >/dev/null 2>&1 \
    || ! command -v promtool >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nginx libnginx-mod-http-js apache2 libapache2-mod-oauth2 haproxy caddy \
    prometheus chromium
fi
# The packaged services are not wanted: tests start their own servers on loopback ports.
service nginx stop >/dev/null 2>&1 || true
service caddy stop >/dev/null 2>&1 || true
service apache2 stop >/dev/null 2>&1 || true
service haproxy stop >/dev/null 2>&1 || true
service prometheus stop >/dev/null 2>&1 || true

# The Cloudflare Worker tests run the worker under workerd, pinned in the recipe's package-lock.json
# and installed into its node_modules (no global install).
if ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm
fi
npm ci --prefix web-server/cloudflare-worker --no-audit --no-fund

# The recipes are tested on Debian 12's servers (above) and on Debian 13's, from a root made once and
# kept in /var/cache between runs (.ci/debian-root.sh); the verify step finds it there at once.
root_started=$SECONDS
root=$(.ci/debian-root.sh)
echo "CI: Debian 13 root $root ready in $((SECONDS - root_started)) s."
ci_done
