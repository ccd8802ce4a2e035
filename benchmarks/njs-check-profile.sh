#!/usr/bin/env bash
# Where a full check of the nginx recipe spends its time, piece by piece, inside njs itself: each
# piece run in a loop within one request of a throwaway nginx, timed with Date.now(), and set
# against crypto.subtle.verify (one RSA-2048 verification) timed the same way in the same request.
#
#   benchmarks/njs-check-profile.sh                 # 2,000 iterations per piece, 3 requests
#   ITERATIONS=5000 REQUESTS=5 benchmarks/njs-check-profile.sh
#
# Needs nginx + njs (apt-get install nginx libnginx-mod-http-js) and openssl. Runs on 127.0.0.1 in
# a temporary directory, removed at the end. The pieces are those of web-server/nginx's check:
# reading the key directory and file, parsing the PEM (content-token-rules.js), importing the key
# (crypto.subtle.importKey 'spki', the only RSA public-key import njs 0.7.9 has), the rules'
# JavaScript for one valid token without its crypto, and the RSA verification.
set -euo pipefail

cd "$(dirname "$0")/.."
ITERATIONS=${ITERATIONS:-2000}
REQUESTS=${REQUESTS:-3}
NJS_MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so
for tool in nginx openssl python3; do
    command -v "$tool" >/dev/null || { echo "njs-check-profile.sh: $tool not found" >&2; exit 1; }
done
[[ -r $NJS_MODULE ]] || { echo "njs-check-profile.sh: $NJS_MODULE not found: apt-get install libnginx-mod-http-js" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
    [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/keys" "$work/logs"
openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
openssl rsa -in "$work/private.pem" -pubout -out "$work/keys/jamf.pem" 2>/dev/null
cp web-server/nginx/content-token-rules.js "$work/"

# One valid Jamf token, signed with openssl.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
signing_input="$(printf '{"alg":"RS256"}' | b64url).$(printf '{"sub":"AppManifest","iss":"JSS","exp":%d}' $(($(date +%s) + 3600)) | b64url)"
token="$signing_input.$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$work/private.pem" -binary | b64url)"

cat > "$work/profile.js" <<EOF
import fs from 'fs';
import rules from 'content-token-rules.js';
const N = $ITERATIONS;
const KEYS = '$work/keys/';
const TOKEN = '$token';

function rsa() { return {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}; }

async function profile(r) {
    const keys = rules.publicKeysInPem(fs.readFileSync(KEYS + 'jamf.pem', 'utf8'), 'jamf.pem');
    const key = await crypto.subtle.importKey('spki', keys[0].spki, rsa(), false, ['verify']);
    const parts = TOKEN.split('.');
    const signature = Buffer.from(parts[2], 'base64url');
    const signed = Buffer.from(parts[0] + '.' + parts[1]);
    const rows = [];
    let t = Date.now();
    for (let i = 0; i < N; i++) {
        if (!await crypto.subtle.verify({name: 'RSASSA-PKCS1-v1_5'}, key, signature, signed)) { throw new Error('verify'); }
    }
    const verify = (Date.now() - t) * 1000 / N;
    rows.push(['crypto.subtle.verify (RSA-2048)', verify]);
    t = Date.now();
    for (let i = 0; i < N; i++) {
        await crypto.subtle.importKey('spki', keys[0].spki, rsa(), false, ['verify']);
    }
    rows.push(["crypto.subtle.importKey('spki')", (Date.now() - t) * 1000 / N]);
    t = Date.now();
    for (let i = 0; i < N; i++) {
        fs.statSync(KEYS);
        fs.readdirSync(KEYS);
        fs.readFileSync(KEYS + 'jamf.pem', 'utf8');
    }
    rows.push(['stat + readdir + read of the key', (Date.now() - t) * 1000 / N]);
    const pem = fs.readFileSync(KEYS + 'jamf.pem', 'utf8');
    t = Date.now();
    for (let i = 0; i < N; i++) {
        rules.publicKeysInPem(pem, 'jamf.pem');
    }
    rows.push(['publicKeysInPem (PEM, DER, size checks)', (Date.now() - t) * 1000 / N]);
    // The whole check of one valid token, its crypto included; the rules' own JavaScript is what
    // remains after the import and the verification.
    t = Date.now();
    for (let i = 0; i < N; i++) {
        await rules.checkRequest('/app.pkg?token=' + TOKEN, keys, Date.now());
    }
    rows.push(['checkRequest, a valid token (import and verify included)', (Date.now() - t) * 1000 / N]);
    r.return(200, rows.map(function (row) {
        return row[0] + '|' + row[1].toFixed(1) + '|' + (row[1] / verify).toFixed(1);
    }).join('\n') + '\n');
}
export default {profile};
EOF

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nginx.conf" <<EOF
$([[ $(id -u) == 0 ]] && echo "user root;")
load_module $NJS_MODULE;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  js_path "$work/";
  js_import p from profile.js;
  server { listen 127.0.0.1:$port; location / { js_content p.profile; } }
}
EOF
nginx -p "$work/" -c "$work/nginx.conf" -e "$work/logs/error.log"

echo "versions: $(nginx -v 2>&1 | sed 's/.*: //'), njs $(dpkg-query -W -f='${Version}' libnginx-mod-http-js 2>/dev/null || echo '?'), $(openssl version)"
echo "settings: $ITERATIONS iterations per piece, $REQUESTS requests; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$REQUESTS"); do
    python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=300).read().decode())' \
        "http://127.0.0.1:$port/" > "$work/run-$i.txt" \
        || { echo "njs-check-profile.sh: the profile request failed; error log:" >&2; tail -5 "$work/logs/error.log" >&2; exit 1; }
done
echo
python3 - "$work" "$REQUESTS" <<'EOF'
import statistics, sys
work, requests = sys.argv[1], int(sys.argv[2])
runs = [[line.split("|") for line in open(f"{work}/run-{i}.txt").read().splitlines()] for i in range(1, requests + 1)]
print(f"{'piece':<58}  {'us (median)':>11}  {'x verify':>8}")
for k, row in enumerate(runs[0]):
    us = statistics.median(float(run[k][1]) for run in runs)
    ratio = statistics.median(float(run[k][2]) for run in runs)
    print(f"{row[0]:<58}  {us:>11.1f}  {ratio:>7.1f}x")
EOF
