#!/usr/bin/env bash
# Load test of the nginx recipe (web-server/nginx) against nginx unchecked and HAProxy's native
# jwt_verify, on loopback, with wrk; prints a table of medians and ratios.
#
#   benchmarks/nginx-load.sh                       # 3 rounds of 5 s per contender
#   ROUNDS=5 DURATION=10 benchmarks/nginx-load.sh  # steadier
#   RECIPE_DIR=/path/to/other/recipe benchmarks/nginx-load.sh   # e.g. an older version
#
# Needs nginx + njs (apt-get install nginx libnginx-mod-http-js), wrk, openssl, python3 with
# cryptography (to mint the fresh tokens), and haproxy for its row (apt-get install haproxy;
# skipped when absent). Everything runs in a temporary directory on 127.0.0.1 and is removed at
# the end; nothing is installed or left running.
#
# Contenders, interleaved in every round (wrk -t1 -c16, each request a 1 KiB Range of the same
# 1 MiB file, nginx with 2 workers):
#   nginx unchecked        plain nginx serving the file: the 1.00x
#   recipe, repeated token one valid token on every request (a device downloading in pieces)
#   haproxy native check   HAProxy 2.6 jwt_verify (RS256, exp, lifetime, iss, sub) in front of
#                          the unchecked nginx, the same repeated token
#   recipe, fresh tokens   every request a new valid token (each round its own tokens)
#   recipe, bad signatures every request a validly shaped token with a random signature
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-16}
RECIPE_DIR=$(cd "${RECIPE_DIR:-web-server/nginx}" && pwd)
NJS_MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so
# Enough fresh tokens per round for well above the fresh-token rate seen here (wrk wraps around
# the list if it runs out; the table says so).
FRESH_TOKENS=${FRESH_TOKENS:-$((DURATION * 3000))}

for tool in nginx wrk openssl python3; do
    command -v "$tool" >/dev/null || { echo "nginx-load.sh: $tool not found" >&2; exit 1; }
done
[[ -r $NJS_MODULE ]] || { echo "nginx-load.sh: $NJS_MODULE not found: apt-get install libnginx-mod-http-js" >&2; exit 1; }
have_haproxy=$(command -v haproxy >/dev/null && echo yes || echo no)

work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
    [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    [[ -f $work/haproxy.pid ]] && kill "$(cat "$work/haproxy.pid")" 2>/dev/null || true
    rm -rf "$work" "${shm:-}"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- key, content, tokens
mkdir -p "$work"/{keys,www,logs,recipe,state}
openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
openssl rsa -in "$work/private.pem" -pubout -out "$work/keys/jamf.pem" 2>/dev/null
head -c 1048576 /dev/urandom > "$work/www/app.pkg"
python3 - "$work" "$ROUNDS" "$FRESH_TOKENS" <<'EOF'
import base64, json, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

work, rounds, fresh = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
key = serialization.load_pem_private_key(open(work + "/private.pem", "rb").read(), None)
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
header = b64(b'{"alg":"RS256"}')

def token(exp, jti=None):
    claims = {"sub": "AppManifest", "iss": "JSS", "exp": exp}
    if jti is not None:
        claims["jti"] = jti  # ignored by every check; makes each fresh token distinct
    signing_input = header + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
    return signing_input + "." + b64(key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()))

def batch(start):
    exp = int(time.time()) + 3600
    return [token(exp, str(start + i)) for i in range(fresh)]

open(work + "/token.txt", "w").write(token(int(time.time()) + 3600))
with ProcessPoolExecutor(os.cpu_count()) as pool:
    for r, tokens in enumerate(pool.map(batch, [r * fresh for r in range(rounds)])):
        open(f"{work}/fresh-{r}.txt", "w").write("\n".join(tokens) + "\n")
EOF
token=$(cat "$work/token.txt")

# --- nginx: one unchecked server and one with the recipe, 2 workers
# The recipe's state paths (verdict cache, verifier socket) move into the temp dir, if it has any;
# the cache stays on tmpfs, as the recipe's default.
shm=$(mktemp -d /dev/shm/nginx-load.XXXXXX)
for f in "$RECIPE_DIR"/*; do
    sed -e "s|/dev/shm/nginx-content-token|$shm/verdicts|g" -e "s|/run/nginx-content-token.sock|$work/state/verifier.sock|g" \
        "$f" > "$work/recipe/$(basename "$f")"
done
unchecked_port=$(free_port); recipe_port=$(free_port); haproxy_port=$(free_port)
user=$([[ $(id -u) == 0 ]] && echo "user root;" || true)
cat > "$work/nginx.conf" <<EOF
$user
load_module $NJS_MODULE;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $work/state/body;
  proxy_temp_path $work/state/proxy;
  fastcgi_temp_path $work/state/fastcgi;
  uwsgi_temp_path $work/state/uwsgi;
  scgi_temp_path $work/state/scgi;
  js_path "$work/recipe/";
  include "$work/recipe/content-token-http.conf";
  server {
    listen 127.0.0.1:$unchecked_port;
    location / { root $work/www; }
  }
  server {
    listen 127.0.0.1:$recipe_port;
    set \$content_token_keys $work/keys/;
    include "$work/recipe/content-token.conf";
    location / { root $work/www; try_files \$uri =404; }
  }
}
EOF
# The recipe's own error-log lines (one per refused token) are part of its cost; keep them.
nginx -p "$work/" -c "$work/nginx.conf" -e "$work/logs/error.log"

# --- HAProxy: the checks web-servers.md lists, in front of the unchecked nginx
if [[ $have_haproxy == yes ]]; then
    cat > "$work/haproxy.cfg" <<EOF
global
    nbthread 2
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend checked
    bind 127.0.0.1:$haproxy_port
    http-request set-var(txn.token) url_param(token)
    http-request return status 401 unless { var(txn.token) -m found }
    http-request set-var(txn.alg) var(txn.token),jwt_header_query('\$.alg')
    http-request deny deny_status 403 unless { var(txn.alg) -m str RS256 }
    http-request deny deny_status 403 unless { var(txn.token),jwt_verify(txn.alg,"$work/keys/jamf.pem") -m int 1 }
    http-request set-var(txn.exp) var(txn.token),jwt_payload_query('\$.exp','int')
    http-request set-var(txn.now) date()
    http-request deny deny_status 403 unless { var(txn.exp) -m found }
    http-request deny deny_status 403 if { var(txn.exp),sub(txn.now) lt -59 }
    http-request deny deny_status 403 if { var(txn.exp),sub(txn.now) gt 7260 }
    http-request deny deny_status 403 unless { var(txn.token),jwt_payload_query('\$.iss') -m str JSS }
    http-request deny deny_status 403 unless { var(txn.token),jwt_payload_query('\$.sub') -m str AppManifest }
    default_backend origin
backend origin
    http-reuse always
    server nginx 127.0.0.1:$unchecked_port
EOF
    haproxy -f "$work/haproxy.cfg" -D -p "$work/haproxy.pid"
fi

status() { python3 -c 'import sys, urllib.request, urllib.error
try: print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers={"Range": "bytes=0-1023"})).status)
except urllib.error.HTTPError as e: print(e.code)' "$1"; }
for _ in $(seq 1 50); do
    [[ $(status "http://127.0.0.1:$unchecked_port/app.pkg") == 206 ]] && break
    python3 -c 'import time; time.sleep(0.1)'
done
for check in "$recipe_port:206:$token" "$recipe_port:403:${token%.*}.AAAA" "$recipe_port:401:"; do
    IFS=: read -r port want tok <<<"$check"
    got=$(status "http://127.0.0.1:$port/app.pkg${tok:+?token=$tok}")
    [[ $got == "$want" ]] || { echo "nginx-load.sh: recipe answered $got, expected $want; error log:" >&2; tail -5 "$work/logs/error.log" >&2; exit 1; }
done
if [[ $have_haproxy == yes ]]; then
    [[ $(status "http://127.0.0.1:$haproxy_port/app.pkg?token=$token") == 206 ]] || { echo "nginx-load.sh: HAProxy refused a valid token" >&2; exit 1; }
    [[ $(status "http://127.0.0.1:$haproxy_port/app.pkg?token=${token%.*}.AAAA") == 403 ]] || { echo "nginx-load.sh: HAProxy accepted a bad signature" >&2; exit 1; }
fi

# --- wrk scripts
cat > "$work/range.lua" <<'EOF'
wrk.headers["Range"] = "bytes=0-1023"
local tokens, next = {}, 1
function init(args)
  if args[1] then for line in io.lines(args[1]) do tokens[#tokens + 1] = line end end
end
function request()
  if #tokens == 0 then return wrk.format() end
  local t = tokens[next]
  next = next % #tokens + 1
  return wrk.format(nil, wrk.path .. "?token=" .. t)
end
function done(summary, latency, requests)
  local other = summary.errors.status
  io.write(string.format("RESULT %.1f %d %d\n", summary.requests / (summary.duration / 1e6), summary.requests, other))
end
EOF
cat > "$work/badsig.lua" <<'EOF'
wrk.headers["Range"] = "bytes=0-1023"
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local prefix
function init(args)
  prefix = args[1]
  math.randomseed(os.time())
end
function request()
  -- 256 random bytes in base64url: 342 characters, the last one with its 4 unused bits zero.
  local chars = {}
  for i = 1, 341 do local k = math.random(64); chars[i] = alphabet:sub(k, k) end
  local k = 16 * math.random(0, 3) + 1
  chars[342] = alphabet:sub(k, k)
  return wrk.format(nil, wrk.path .. "?token=" .. prefix .. "." .. table.concat(chars))
end
function done(summary, latency, requests)
  io.write(string.format("RESULT %.1f %d %d\n", summary.requests / (summary.duration / 1e6), summary.requests, summary.errors.status))
end
EOF
echo "$token" > "$work/repeated.txt"

# run NAME URL SCRIPT [ARG]: one wrk run; appends "NAME req/s" to results
run() {
    local name=$1 url=$2 script=$3 arg=${4:-}
    local out
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/$script" "$url" ${arg:+-- "$arg"} | grep '^RESULT')
    echo "$name|$out" >> "$work/results.txt"
    printf '  %-24s %s\n' "$name" "$out" >&2
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "versions: $(nginx -v 2>&1 | sed 's/.*: //'), njs $(dpkg-query -W -f='${Version}' libnginx-mod-http-js 2>/dev/null || echo '?')," \
    "$([[ $have_haproxy == yes ]] && haproxy -v | head -1 | cut -d' ' -f1-3 || echo 'no haproxy'), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "settings: wrk -t1 -c$CONNECTIONS -d${DURATION}s, $ROUNDS rounds, 1 KiB Range of a 1 MiB file, nginx 2 workers, recipe $RECIPE_DIR"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
url_unchecked="http://127.0.0.1:$unchecked_port/app.pkg"
url_recipe="http://127.0.0.1:$recipe_port/app.pkg"
url_haproxy="http://127.0.0.1:$haproxy_port/app.pkg"
# Warm-up, not counted.
wrk -t1 -c"$CONNECTIONS" -d2s -s "$work/range.lua" "$url_recipe" -- "$work/repeated.txt" >/dev/null
for round in $(seq 0 $((ROUNDS - 1))); do
    echo "round $((round + 1))/$ROUNDS" >&2
    run "nginx unchecked" "$url_unchecked" range.lua
    run "recipe, repeated token" "$url_recipe" range.lua "$work/repeated.txt"
    [[ $have_haproxy == yes ]] && run "haproxy native check" "$url_haproxy" range.lua "$work/repeated.txt"
    run "recipe, fresh tokens" "$url_recipe" range.lua "$work/fresh-$round.txt"
    run "recipe, bad signatures" "$url_recipe" badsig.lua "${token%.*}"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

python3 - "$work/results.txt" "$FRESH_TOKENS" "$DURATION" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, result = line.rstrip("\n").split("|")
    _, rate, requests, non2xx = result.split()
    rows.setdefault(name, []).append((float(rate), int(requests), int(non2xx)))
base = statistics.median(r for r, _, _ in rows["nginx unchecked"])
expected = {"recipe, bad signatures": "all 403"}
print(f"{'contender':<26}{'median req/s':>14}{'ratio':>9}  rounds (req/s)                  non-2xx")
for name, runs in rows.items():
    med = statistics.median(r for r, _, _ in runs)
    non2xx = sum(n for _, _, n in runs)
    total = sum(q for _, q, _ in runs)
    note = f"{non2xx}/{total}" + (" (expected: " + expected[name] + ")" if name in expected else "")
    if name == "recipe, fresh tokens" and max(q for _, q, _ in runs) > int(sys.argv[2]):
        note += f"; more requests than the {sys.argv[2]} tokens per round: some repeated"
    print(f"{name:<26}{med:>14,.0f}{med / base:>8.2f}x  {' '.join(f'{r:,.0f}' for r, _, _ in runs):<32}{note}")
EOF
