#!/usr/bin/env bash
# Where a full check of the nginx recipe spends its server CPU, in two parts.
#  1. Inside njs: each piece of a check run in a loop within one request of a throwaway nginx,
#     timed with Date.now(), and set against crypto.subtle.verify (one RSA-2048 verification)
#     timed the same way in the same request.
#  2. Around njs: nginx's own plumbing, one layer added at a time, each loaded with wrk and costed
#     in the servers' CPU time per request (from /proc): a plain 204; the same behind a js_set
#     (njs makes a VM for the request and calls it); behind the recipe's js_set stateProblem; a
#     js_content answer; auth_request to a location proxied over a Unix socket to a server
#     answering 204 (the subrequest and the hop); the same with a js_content verifier; the
#     recipe's own verifier, content_token.verify, refusing one bad signature on every request
#     (no verdict cache).
#
#   benchmarks/njs-check-profile.sh                 # 2,000 iterations per piece, 3 requests; 3 x 3 s of load per layer
#   ITERATIONS=5000 REQUESTS=5 ROUNDS=5 DURATION=5 benchmarks/njs-check-profile.sh
#   ROOT=/var/cache/secured-content-jwt/debian-trixie-... benchmarks/njs-check-profile.sh
#       # nginx and njs of a Debian 13 root made by .ci/debian-root.sh, run with chroot (as it/'s
#       # ServerRoot: /proc mounted in a mount namespace of nginx's own); its files go under ROOT/tmp
#
# Needs nginx + njs (apt-get install nginx libnginx-mod-http-js), openssl, python3 and wrk. Runs on
# 127.0.0.1 in a temporary directory, removed at the end. The pieces are those of web-server/nginx's
# check: reading the key directory and file, parsing the PEM (content-token-rules.js), importing
# the key (crypto.subtle.importKey 'spki', and 'jwk' where njs has it), the state directory's
# checks (content-token.js), the rules' JavaScript for one valid token without its crypto, and the
# RSA verification.
set -euo pipefail

cd "$(dirname "$0")/.."
ITERATIONS=${ITERATIONS:-2000}
REQUESTS=${REQUESTS:-3}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-3}
ROOT=${ROOT:+$(cd "$ROOT" && pwd)}
NJS_MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so
for tool in openssl python3 wrk $([[ -z $ROOT ]] && echo nginx); do
    command -v "$tool" >/dev/null || { echo "njs-check-profile.sh: $tool not found" >&2; exit 1; }
done
[[ -z $ROOT || -x $ROOT/usr/sbin/nginx ]] || { echo "njs-check-profile.sh: no $ROOT/usr/sbin/nginx: ROOT must be a Debian root with nginx" >&2; exit 1; }
[[ -r $ROOT$NJS_MODULE ]] || { echo "njs-check-profile.sh: $ROOT$NJS_MODULE not found: apt-get install libnginx-mod-http-js" >&2; exit 1; }

# With ROOT, the temporary directory lives in ROOT/tmp and the same path on this machine is a
# symbolic link to it, so that nginx (chrooted) and this script name every file alike.
if [[ -n $ROOT ]]; then
    work=$(mktemp -d "$ROOT/tmp/njs-check-profile.XXXXXX")
    ln -sT "$work" "${work#"$ROOT"}"
    work=${work#"$ROOT"}
else
    work=$(mktemp -d)
fi
chmod 755 "$work"
cleanup() {
    [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    if [[ -n $ROOT ]]; then
        rm -rf "$ROOT$work"
        rm -f "$work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
# in_root COMMAND...: runs a server's command on this machine, or with ROOT from the root (/proc
# mounted in a mount namespace of the command's own, gone when its last process exits).
in_root() {
    if [[ -z $ROOT ]]; then
        "$@"
    else
        unshare --mount --propagation private sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$ROOT" "$@"
    fi
}
mkdir -p "$work/keys" "$work/logs"
openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
openssl rsa -in "$work/private.pem" -pubout -out "$work/keys/jamf.pem" 2>/dev/null
# The recipe's script with its internal steps exported too, to add them one at a time.
sed 's/^export default {verify, /export default {stateProblemOf, acceptedKeys, verify, /' web-server/nginx/content-token.js > "$work/content-token.js"
grep -q '^export default {stateProblemOf' "$work/content-token.js" \
    || { echo "njs-check-profile.sh: no 'export default {verify, ' line in content-token.js" >&2; exit 1; }
# The rules with their internal pieces exported too, to time them one by one.
sed 's/^export default {$/export default {tokenParameters, percentDecoded, decodeSegment, jsonObjectOf,/' \
    web-server/nginx/content-token-rules.js > "$work/content-token-rules.js"
grep -q '^export default {tokenParameters' "$work/content-token-rules.js" \
    || { echo "njs-check-profile.sh: no 'export default {' line in content-token-rules.js" >&2; exit 1; }
# A state directory as the recipe's (content-token-http.conf): the worker user's (here root's), 0700.
mkdir -m 700 "$work/state" "$work/state/verdicts"
mkdir -p "$work/www"
head -c 1024 /dev/urandom > "$work/www/app.pkg"
# njs 0.8 has js_shared_dict_zone (ngx.shared); 0.7 does not.
shared_dict=$(grep -q js_shared_dict_zone "$ROOT$NJS_MODULE" && echo yes || echo no)

# One valid Jamf token, signed with openssl.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
signing_input="$(printf '{"alg":"RS256"}' | b64url).$(printf '{"sub":"AppManifest","iss":"JSS","exp":%d}' $(($(date +%s) + 3600)) | b64url)"
token="$signing_input.$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$work/private.pem" -binary | b64url)"

cat > "$work/profile.js" <<EOF
import fs from 'fs';
import rules from 'content-token-rules.js';
import contentToken from 'content-token.js';
const N = $ITERATIONS;
const KEYS = '$work/keys/';
const STATE = '$work/state';
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
    const jwk = {kty: 'RSA', n: keys[0].n.toString('base64url'), e: keys[0].e.toString('base64url')};
    let jwkWorks = true;
    try {
        await crypto.subtle.importKey('jwk', jwk, rsa(), false, ['verify']);
    } catch (e) {
        jwkWorks = false;
    }
    if (jwkWorks) {
        t = Date.now();
        for (let i = 0; i < N; i++) {
            await crypto.subtle.importKey('jwk', jwk, rsa(), false, ['verify']);
        }
        rows.push(["crypto.subtle.importKey('jwk')", (Date.now() - t) * 1000 / N]);
    } else {
        rows.push(["crypto.subtle.importKey('jwk'): refused by this njs", 0]);
    }
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
    // The state directory's quick check (every request, js_set), through the recipe's own function.
    const fake = {variables: {content_token_state_dir: STATE}, error: function (m) { throw new Error(m); }};
    t = Date.now();
    for (let i = 0; i < N; i++) {
        if (contentToken.stateProblem(fake) !== '') { throw new Error('state'); }
    }
    rows.push(['state directory, quick check (3 lstat)', (Date.now() - t) * 1000 / N]);
    // What the verifier's full check adds: the worker's uid, the real path, every directory above.
    const above = STATE.split('/').length - 2;
    t = Date.now();
    for (let i = 0; i < N; i++) {
        fs.readFileSync('/proc/self/status', 'utf8');
        fs.realpathSync(STATE);
        let path = STATE.substring(0, STATE.lastIndexOf('/'));
        while (path !== '') {
            path = path.substring(0, path.lastIndexOf('/'));
            fs.lstatSync(path === '' ? '/' : path);
        }
    }
    rows.push(['state directory, rest of the full check (uid, realpath, ' + above + ' lstat)', (Date.now() - t) * 1000 / N]);
    if (typeof ngx !== 'undefined' && ngx.shared && ngx.shared.profile) {
        const text = JSON.stringify(jwk);
        ngx.shared.profile.set('k', text);
        t = Date.now();
        for (let i = 0; i < N; i++) {
            JSON.parse(ngx.shared.profile.get('k'));
        }
        rows.push(['js_shared_dict_zone get + JSON.parse of a JWK', (Date.now() - t) * 1000 / N]);
    }
    // The rules' JavaScript, piece by piece, for the same token.
    const uri = '/app.pkg?token=' + TOKEN;
    t = Date.now();
    for (let i = 0; i < N; i++) {
        rules.percentDecoded(rules.tokenParameters(uri)[0]);
    }
    rows.push(['rules: the token parameter found and percent-decoded', (Date.now() - t) * 1000 / N]);
    t = Date.now();
    for (let i = 0; i < N; i++) {
        rules.decodeSegment(parts[0], 'header');
        rules.decodeSegment(parts[1], 'payload');
        rules.decodeSegment(parts[2], 'signature');
    }
    rows.push(['rules: three segments, strict base64url', (Date.now() - t) * 1000 / N]);
    const headerBytes = Buffer.from(parts[0], 'base64url');
    const payloadBytes = Buffer.from(parts[1], 'base64url');
    t = Date.now();
    for (let i = 0; i < N; i++) {
        rules.jsonObjectOf(headerBytes, 'header');
        rules.jsonObjectOf(payloadBytes, 'payload');
    }
    rows.push(['rules: header and payload, strict JSON (' + (headerBytes.length + payloadBytes.length) + ' bytes)', (Date.now() - t) * 1000 / N]);
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
function empty(r) { return ''; }
function answer(r) { r.return(204); }
// The verifier's steps, one more in each: the full state check, reading the keys, the rules' check.
function state(r) {
    r.return(contentToken.stateProblemOf(STATE, true) === null ? 204 : 500);
}
function keys(r) {
    contentToken.stateProblemOf(STATE, true);
    contentToken.acceptedKeys(KEYS);
    r.return(204);
}
async function check(r) {
    contentToken.stateProblemOf(STATE, true);
    await rules.checkRequest(r.headersIn['X-Content-Token-Uri'], contentToken.acceptedKeys(KEYS), Date.now());
    r.return(204);
}
export default {profile, empty, answer, state, keys, check};
EOF

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
load_port=$(free_port)
proxied='internal; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass_request_body off; proxy_pass_request_headers off;'
cat > "$work/nginx.conf" <<EOF
$([[ $(id -u) == 0 ]] && echo "user root;")
load_module $NJS_MODULE;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  js_path "$work/";
  js_import p from profile.js;
  js_import content_token from content-token.js;
  $([[ $shared_dict == yes ]] && echo "js_shared_dict_zone zone=profile:1m;")
  js_var \$content_token_state_dir $work/state;
  js_var \$content_token_keys;
  js_set \$profile_empty p.empty;
  js_set \$content_token_state_problem content_token.stateProblem;
  server { listen 127.0.0.1:$port; location / { js_content p.profile; } }
  upstream plain_socket { server unix:$work/plain.sock; keepalive 16; }
  upstream js_socket { server unix:$work/js.sock; keepalive 16; }
  upstream verifier { server unix:$work/state/verifier.sock; keepalive 16; }
  server { listen unix:$work/plain.sock; location / { return 204; } }
  server {
    listen unix:$work/js.sock;
    location / { js_content p.answer; }
    location /_state { js_content p.state; }
    location /_keys { js_content p.keys; }
    location /_check { js_content p.check; }
  }
  server {
    listen unix:$work/state/verifier.sock;
    large_client_header_buffers 4 16k;
    location / { js_content content_token.verify; }
  }
  server {
    listen 127.0.0.1:$load_port;
    set \$content_token_keys $work/keys/;
    location = /file { alias $work/www/app.pkg; }
    location = /js-set { if (\$profile_empty) { return 500; } alias $work/www/app.pkg; }
    location = /state-set { if (\$content_token_state_problem) { return 500; } alias $work/www/app.pkg; }
    location = /js-content { js_content p.answer; }
    location = /auth-socket { auth_request /_socket; alias $work/www/app.pkg; }
    location = /auth-js { auth_request /_js; alias $work/www/app.pkg; }
    location = /auth-state { auth_request /_state; alias $work/www/app.pkg; }
    location = /auth-keys { auth_request /_keys; alias $work/www/app.pkg; }
    location = /auth-check { auth_request /_check; alias $work/www/app.pkg; }
    location = /auth-verify { auth_request /_verify; alias $work/www/app.pkg; }
    location ~ ^/_(state|keys|check)\$ { $proxied proxy_pass http://js_socket; proxy_set_header X-Content-Token-Uri \$request_uri; }
    location = /_socket { $proxied proxy_pass http://plain_socket; }
    location = /_js { $proxied proxy_pass http://js_socket; }
    location = /_verify {
      $proxied proxy_pass http://verifier;
      proxy_set_header X-Content-Token-Uri \$request_uri;
      proxy_set_header X-Content-Token-Keys \$content_token_keys;
      proxy_set_header X-Content-Token-Client \$remote_addr;
    }
  }
}
EOF
in_root nginx -p "$work/" -c "$work/nginx.conf" -e "$work/logs/error.log"

if [[ -n $ROOT ]]; then
    versions="$(chroot "$ROOT" nginx -v 2>&1 | sed 's/.*: //'), njs $(chroot "$ROOT" dpkg-query -W -f='${Version}' libnginx-mod-http-js), OpenSSL $(chroot "$ROOT" dpkg-query -W -f='${Version}' libssl3t64 2>/dev/null || chroot "$ROOT" dpkg-query -W -f='${Version}' libssl3), root $ROOT"
else
    versions="$(nginx -v 2>&1 | sed 's/.*: //'), njs $(dpkg-query -W -f='${Version}' libnginx-mod-http-js 2>/dev/null || echo '?'), $(openssl version)"
fi
echo "versions: $versions"
echo "settings: $ITERATIONS iterations per piece, $REQUESTS requests; $ROUNDS x ${DURATION}s of wrk -t1 -c16 per layer; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$REQUESTS"); do
    python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=300).read().decode())' \
        "http://127.0.0.1:$port/" > "$work/run-$i.txt" \
        || { echo "njs-check-profile.sh: the profile request failed; error log:" >&2; tail -5 "$work/logs/error.log" >&2; exit 1; }
done

# --- part 2: the layers around njs
status() { python3 -c 'import sys, urllib.request, urllib.error
try: print(urllib.request.urlopen(sys.argv[1]).status)
except urllib.error.HTTPError as e: print(e.code)' "$1"; }
base="http://127.0.0.1:$load_port"
layers=${LAYERS:-"file js-set state-set js-content auth-socket auth-js auth-state auth-keys auth-check auth-verify"}
for layer in $layers; do
    want=200; [[ $layer == js-content ]] && want=204
    got=$(status "$base/$layer?token=$token")
    [[ $got == "$want" ]] || { echo "njs-check-profile.sh: /$layer answered $got, expected $want; error log:" >&2; tail -5 "$work/logs/error.log" >&2; exit 1; }
done
cpu_ticks() {
    local pid total=0
    for pid in $(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")"); do
        total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    done
    echo "$total"
}
TICKS=$(getconf CLK_TCK)
wrk -t1 -c16 -d1s "$base/auth-verify?token=$token" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
    for layer in $layers; do
        before=$(cpu_ticks)
        requests=$(wrk -t1 -c16 -d"${DURATION}s" "$base/$layer?token=$token" | awk '/requests in/ {print $1}')
        after=$(cpu_ticks)
        echo "$layer $requests $((after - before))" >> "$work/layers.txt"
    done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 - "$work" "$REQUESTS" "$TICKS" <<'EOF'
import statistics, sys
work, requests, ticks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = [[line.split("|") for line in open(f"{work}/run-{i}.txt").read().splitlines()] for i in range(1, requests + 1)]
print(f"{'piece, inside njs':<66}  {'us (median)':>11}  {'x verify':>8}")
verify = statistics.median(float(run[0][1]) for run in runs)
for k, row in enumerate(runs[0]):
    us = statistics.median(float(run[k][1]) for run in runs)
    ratio = statistics.median(float(run[k][2]) for run in runs)
    print(f"{row[0]:<66}  {us:>11.1f}  {ratio:>7.1f}x")
names = {
    "file": "a 1 KiB file, nothing else",
    "js-set": "+ a js_set (njs VM for the request, one call)",
    "state-set": "+ js_set stateProblem instead (3 lstat)",
    "js-content": "js_content answering 204 instead of the file",
    "auth-socket": "file + auth_request, proxied over a Unix socket, return 204",
    "auth-js": "+ the socket's server answers with js_content",
    "auth-state": "+ there, the state directory's full check",
    "auth-keys": "+ reading and parsing the keys (acceptedKeys)",
    "auth-check": "+ checkRequest: a valid token's full check, import and verify included",
    "auth-verify": "content_token.verify itself instead (the same, and its headers)",
}
cost = {}
for line in open(f"{work}/layers.txt"):
    layer, n, t = line.split()
    cost.setdefault(layer, []).append(int(t) / ticks * 1e6 / int(n))
print()
print(f"{'layer, around njs (server CPU per request)':<66}  {'us (median)':>11}  {'x verify':>8}")
for layer, name in ((l, n) for l, n in names.items() if l in cost):
    us = statistics.median(cost[layer])
    print(f"{name:<66}  {us:>11.1f}  {us / verify if verify else 0:>7.1f}x")
EOF
