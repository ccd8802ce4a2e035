#!/usr/bin/env bash
# Load test of the nginx recipe (web-server/nginx) against nginx unchecked and HAProxy's native
# jwt_verify, on loopback, with wrk; prints a table of medians and ratios.
#
#   benchmarks/nginx-load.sh                       # 3 rounds of 5 s per contender
#   ROUNDS=5 DURATION=10 benchmarks/nginx-load.sh  # steadier
#   RECIPE_DIR=/path/to/other/recipe benchmarks/nginx-load.sh   # another version of the recipe
#   BASELINE_RECIPE_DIR=/path/to/old/recipe benchmarks/nginx-load.sh  # adds its three rows, same run
#   ROOT=/var/cache/secured-content-jwt/debian-trixie-... benchmarks/nginx-load.sh
#       # nginx, njs and HAProxy of a Debian 13 root made by .ci/debian-root.sh, run with chroot as
#       # it/'s ServerRoot does (/proc, and a tmpfs on the root's /dev/shm for the state
#       # directories, mounted in a mount namespace of each server's own); its files go under ROOT/tmp
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
#   ..., repeated, flooded the repeated-token load while a second wrk (also -c16) sends bad
#                          signatures to the same server: what a flood costs everyone else
#   ..., fresh, flooded    the same for new valid tokens: devices starting downloads in a flood
#   no budget, ...         the recipe with its check budget (limit_req) lifted, in its own
#                          nginx: what every full check costs, and what the budget saves
#   over budget, ...       the recipe with its budget used up (one check a minute), in its own
#                          nginx: what a request refused with 503 costs
# Besides req/s, each row has the servers' CPU time per request (all nginx and HAProxy processes,
# from /proc; only one contender is loaded at a time, flooded rows excepted), and the table ends
# with the cost of a full check set against one RSA-2048 verification (openssl speed, same run).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-16}
RECIPE_DIR=$(cd "${RECIPE_DIR:-web-server/nginx}" && pwd)
BASELINE_RECIPE_DIR=${BASELINE_RECIPE_DIR:+$(cd "$BASELINE_RECIPE_DIR" && pwd)}
ROOT=${ROOT:+$(cd "$ROOT" && pwd)}
NJS_MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so
# Enough fresh tokens per round for well above the fresh-token rate seen here (wrk wraps around
# the list if it runs out; the table says so).
FRESH_TOKENS=${FRESH_TOKENS:-$((DURATION * 8000))}

for tool in wrk openssl python3 $([[ -z $ROOT ]] && echo nginx); do
    command -v "$tool" >/dev/null || { echo "nginx-load.sh: $tool not found" >&2; exit 1; }
done
[[ -z $ROOT || -x $ROOT/usr/sbin/nginx ]] || { echo "nginx-load.sh: no $ROOT/usr/sbin/nginx: ROOT must be a Debian root with nginx" >&2; exit 1; }
[[ -r $ROOT$NJS_MODULE ]] || { echo "nginx-load.sh: $ROOT$NJS_MODULE not found: apt-get install libnginx-mod-http-js" >&2; exit 1; }
if [[ -n $ROOT ]]; then
    have_haproxy=$([[ -x $ROOT/usr/sbin/haproxy ]] && echo yes || echo no)
else
    have_haproxy=$(command -v haproxy >/dev/null && echo yes || echo no)
fi

# With ROOT, the temporary directory lives in ROOT/tmp and the same path on this machine is a
# symbolic link to it, so that the chrooted servers and this script name every file alike.
if [[ -n $ROOT ]]; then
    work=$(mktemp -d "$ROOT/tmp/nginx-load.XXXXXX")
    ln -sT "$work" "${work#"$ROOT"}"
    work=${work#"$ROOT"}
else
    work=$(mktemp -d)
fi
chmod 755 "$work"
cleanup() {
    local f
    for f in $(cat "$work/pid-files" 2>/dev/null) "$work/haproxy.pid"; do
        [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true
    done
    # shellcheck disable=SC2046 # one path per line, each made by mktemp
    rm -rf $(cat "$work/shm-dirs" 2>/dev/null) "$work"
    [[ -z $ROOT ]] || rm -rf "$ROOT$work"
}
trap cleanup EXIT
# in_root COMMAND...: runs a server's command on this machine, or with ROOT from the root, with
# /proc and a tmpfs on /dev/shm mounted in a mount namespace of the command's own (gone when its
# last process exits; nothing is mounted under the root as this machine sees it).
in_root() {
    if [[ -z $ROOT ]]; then
        "$@"
    else
        unshare --mount --propagation private sh -c \
            'mount -t proc proc "$0/proc" && mount -t tmpfs -o mode=1777 tmpfs "$0/dev/shm" && exec chroot "$0" "$@"' "$ROOT" "$@"
    fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- key, content, tokens
mkdir -p "$work"/{keys,www}
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

def batch(args):
    start, count = args
    exp = int(time.time()) + 3600
    return [token(exp, str(start + i)) for i in range(count)]

open(work + "/token.txt", "w").write(token(int(time.time()) + 3600))
# Per round: fresh-R.txt for the fresh-token rows, and fresh-flooded-R.txt (half as many; under a
# flood fewer get through) for the fresh-token rows under a flood, so neither meets a cached token.
files = [f"fresh-{r}.txt" for r in range(rounds)] + [f"fresh-flooded-{r}.txt" for r in range(rounds)]
sizes = [fresh] * rounds + [fresh // 2] * rounds
starts = [sum(sizes[:i]) for i in range(len(sizes))]
with ProcessPoolExecutor(os.cpu_count()) as pool:
    for name, tokens in zip(files, pool.map(batch, zip(starts, sizes))):
        open(f"{work}/{name}", "w").write("\n".join(tokens) + "\n")
EOF
token=$(cat "$work/token.txt")

# --- nginx: one unchecked server and one with the recipe, 2 workers; a second nginx for the
# baseline recipe if one is given.
# start_nginx NAME RECIPE: nginx in $work/NAME; prints "UNCHECKED_PORT RECIPE_PORT". The recipe's
# state paths (verdict cache, verifier socket), if it has any, move into a 0700 directory on tmpfs
# (as /run is), whether the recipe names a state directory or, as older versions did, the two paths.
start_nginx() {
    local name=$1 recipe=$2
    local home=$work/$name shm unchecked port f
    mkdir -p "$home"/{recipe,state,logs}
    if [[ -n $ROOT ]]; then
        # Made in the server's own /dev/shm (a tmpfs of its mount namespace), below.
        shm=/dev/shm/nginx-load.$name
    else
        shm=$(mktemp -d /dev/shm/nginx-load.XXXXXX)
        echo "$shm" >> "$work/shm-dirs"
        mkdir -m 700 "$shm/state"
    fi
    for f in "$recipe"/*; do
        sed -e "s|/dev/shm/nginx-content-token|$shm/state/verdicts|g" -e "s|/run/nginx-content-token.sock|$shm/state/verifier.sock|g" \
            -e "s|/run/nginx-content-token|$shm/state|g" "$f" > "$home/recipe/$(basename "$f")"
    done
    unchecked=$(free_port); port=$(free_port)
    cat > "$home/nginx.conf" <<CONF
$([[ $(id -u) == 0 ]] && echo "user root;")
load_module $NJS_MODULE;
worker_processes 2;
pid $home/nginx.pid;
error_log $home/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $home/state/body;
  proxy_temp_path $home/state/proxy;
  fastcgi_temp_path $home/state/fastcgi;
  uwsgi_temp_path $home/state/uwsgi;
  scgi_temp_path $home/state/scgi;
  js_path "$home/recipe/";
  include "$home/recipe/content-token-http.conf";
  server {
    listen 127.0.0.1:$unchecked;
    location / { root $work/www; }
  }
  server {
    listen 127.0.0.1:$port;
    set \$content_token_keys $work/keys/;
    include "$home/recipe/content-token.conf";
    # As behind a proxy: the client's address comes from a header, so that one wrk can play many
    # devices (fresh tokens) and another a single flooding address.
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Bench-Client;
    location / { root $work/www; try_files \$uri =404; }
  }
}
CONF
    # The recipe's own error-log lines (one per refused token) are part of its cost; keep them.
    in_root sh -c '[ -d "$0/state" ] || mkdir -m 700 "$0" "$0/state"; exec nginx -p "$1" -c "$2" -e "$3"' \
        "$shm" "$home/" "$home/nginx.conf" "$home/logs/error.log"
    echo "$home/nginx.pid" >> "$work/pid-files"
    echo "$unchecked $port"
}
start_nginx main "$RECIPE_DIR" > "$work/ports-main"
read -r unchecked_port recipe_port < "$work/ports-main"
# budgeted NAME RATE BURST CLIENT_RATE CLIENT_BURST: the recipe with another check budget and
# client share, in its own nginx; prints its port.
budgeted() {
    local name=$1 conf=$work/$1-recipe/content-token-http.conf
    mkdir -p "$work/$name-recipe"
    cp "$RECIPE_DIR"/* "$work/$name-recipe/"
    sed -i -e "s|zone=content_token_checks:1m rate=[0-9]*r/s;|zone=content_token_checks:1m rate=$2;|" \
        -e "s|limit_req zone=content_token_checks burst=[0-9]*;|limit_req zone=content_token_checks$3;|" \
        -e "s|zone=content_token_client_checks:10m rate=[0-9]*r/s;|zone=content_token_client_checks:10m rate=$4;|" \
        -e "s|limit_req zone=content_token_client_checks burst=[0-9]*;|limit_req zone=content_token_client_checks$5;|" "$conf"
    [[ $(grep -c -e "rate=$2;" -e "content_token_checks$3;" -e "client_checks:10m rate=$4;" -e "client_checks$5;" "$conf") == 4 ]] \
        || { echo "nginx-load.sh: the check budget (limit_req_zone, limit_req) not found in $RECIPE_DIR/content-token-http.conf" >&2; exit 1; }
    start_nginx "$name" "$work/$name-recipe" | cut -d' ' -f2
}
# Lifted (far above what 2 cores can check), and used up (one check a minute, no queue).
unbudgeted_port=$(budgeted unbudgeted 1000000r/s " burst=1000000" 1000000r/s " burst=1000000")
exhausted_port=$(budgeted exhausted 1r/m "" 1000000r/s " burst=1000000")
if [[ -n $BASELINE_RECIPE_DIR ]]; then
    start_nginx baseline "$BASELINE_RECIPE_DIR" > "$work/ports-baseline"
    read -r _ baseline_port < "$work/ports-baseline"
fi
haproxy_port=$(free_port)

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
    in_root haproxy -f "$work/haproxy.cfg" -D -p "$work/haproxy.pid"
fi

status() { python3 -c 'import sys, urllib.request, urllib.error
try: print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers={"Range": "bytes=0-1023"})).status)
except urllib.error.HTTPError as e: print(e.code)' "$1"; }
for _ in $(seq 1 50); do
    [[ $(status "http://127.0.0.1:$unchecked_port/app.pkg") == 206 ]] && break
    python3 -c 'import time; time.sleep(0.1)'
done
for port in $recipe_port $unbudgeted_port ${baseline_port:-}; do
    for check in "206:$token" "403:${token%.*}.AAAA" "401:"; do
        IFS=: read -r want tok <<<"$check"
        got=$(status "http://127.0.0.1:$port/app.pkg${tok:+?token=$tok}")
        [[ $got == "$want" ]] || { echo "nginx-load.sh: recipe on port $port answered $got, expected $want; error log:" >&2; tail -5 "$work"/*/logs/error.log >&2; exit 1; }
    done
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
-- With a list of many tokens, each token comes from its own device address (10.x.y.z, as the
-- token's place in the list); one repeated token comes from one device (127.0.0.1).
function request()
  if #tokens == 0 then return wrk.format() end
  local i = next
  next = next % #tokens + 1
  local headers = nil
  if #tokens > 1 then
    headers = {["Range"] = "bytes=0-1023",
               ["X-Bench-Client"] = string.format("10.%d.%d.%d", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)}
  end
  return wrk.format(nil, wrk.path .. "?token=" .. tokens[i], headers)
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
-- One flooding address.
wrk.headers["X-Bench-Client"] = "192.0.2.66"
function request()
  -- 256 random bytes in base64url: 342 characters, the last one with its 4 unused bits zero.
  local chars = {}
  for i = 1, 341 do local k = math.random(64); chars[i] = alphabet:sub(k, k) end
  local k = 16 * math.random(0, 3) + 1
  chars[342] = alphabet:sub(k, k)
  return wrk.format(nil, wrk.path .. "?token=" .. prefix .. "." .. table.concat(chars))
end
-- Refusals over the check budget (503) are counted apart from refused signatures (403).
busy = 0
function response(status, headers, body)
  if status == 503 then busy = busy + 1 end
end
local threads = {}
function setup(thread) threads[#threads + 1] = thread end
function done(summary, latency, requests)
  local over = 0
  for _, t in ipairs(threads) do over = over + t:get("busy") end
  io.write(string.format("RESULT %.1f %d %d %d\n", summary.requests / (summary.duration / 1e6), summary.requests, summary.errors.status, over))
end
EOF
echo "$token" > "$work/repeated.txt"

# CPU time (utime + stime, in clock ticks) of every server process: the nginx masters and their
# workers, HAProxy.
cpu_ticks() {
    local f pid total=0
    for pid in $(for f in $(cat "$work/pid-files") "$work/haproxy.pid"; do
        [[ -f $f ]] && { cat "$f"; pgrep -P "$(cat "$f")" || true; }
    done); do
        [[ -r /proc/$pid/stat ]] || continue
        # utime and stime, fields 14 and 15: counted after the ')' that ends the command name.
        total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    done
    echo "$total"
}
TICKS=$(getconf CLK_TCK)

# flooded NAME URL FLOOD_URL [TOKENS]: the load of TOKENS (default: the repeated token) on URL
# while a second wrk sends bad signatures to FLOOD_URL: what a flood costs everyone else
flooded() {
    local name=$1 url=$2 flood_url=$3 tokens=${4:-$work/repeated.txt} flood
    wrk -t1 -c"$CONNECTIONS" -d"$((DURATION + 1))s" -s "$work/badsig.lua" "$flood_url" -- "${token%.*}" >/dev/null &
    flood=$!
    FLOODED=yes run "$name" "$url" range.lua "$tokens"
    wait "$flood"
}

# run NAME URL SCRIPT [ARG]: one wrk run; appends "NAME req/s" to results
run() {
    local name=$1 url=$2 script=$3 arg=${4:-}
    local out before after cpu
    before=$(cpu_ticks)
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/$script" "$url" ${arg:+-- "$arg"} | grep '^RESULT')
    after=$(cpu_ticks)
    # The servers' CPU seconds during the run; "-" when a second load ran beside it.
    cpu=$([[ ${FLOODED:-} == yes ]] && echo - || awk -v t=$((after - before)) -v hz="$TICKS" 'BEGIN {printf "%.2f", t / hz}')
    echo "$name|$out $cpu" >> "$work/results.txt"
    printf '  %-28s %s cpu %s s\n' "$name" "$out" "$cpu" >&2
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
root_cmd() { if [[ -n $ROOT ]]; then chroot "$ROOT" "$@"; else "$@"; fi; }
echo "versions: $(root_cmd nginx -v 2>&1 | sed 's/.*: //'), njs $(root_cmd dpkg-query -W -f='${Version}' libnginx-mod-http-js 2>/dev/null || echo '?')," \
    "$([[ $have_haproxy == yes ]] && root_cmd haproxy -v 2>&1 | sed -n '1s/ - .*//p' || echo 'no haproxy'), $(wrk --version 2>&1 | sed -n '1s/ \[.*//p')${ROOT:+, from root $ROOT}"
echo "settings: wrk -t1 -c$CONNECTIONS -d${DURATION}s, $ROUNDS rounds, 1 KiB Range of a 1 MiB file, nginx 2 workers, recipe $RECIPE_DIR${BASELINE_RECIPE_DIR:+, baseline recipe $BASELINE_RECIPE_DIR}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
url_unchecked="http://127.0.0.1:$unchecked_port/app.pkg"
url_recipe="http://127.0.0.1:$recipe_port/app.pkg"
url_haproxy="http://127.0.0.1:$haproxy_port/app.pkg"
url_baseline="http://127.0.0.1:${baseline_port:-0}/app.pkg"
url_unbudgeted="http://127.0.0.1:$unbudgeted_port/app.pkg"
url_exhausted="http://127.0.0.1:$exhausted_port/app.pkg"
# Use up the one check of the minute.
status "$url_exhausted" > /dev/null
# Warm-up, not counted.
wrk -t1 -c"$CONNECTIONS" -d2s -s "$work/range.lua" "$url_recipe" -- "$work/repeated.txt" >/dev/null
for round in $(seq 0 $((ROUNDS - 1))); do
    echo "round $((round + 1))/$ROUNDS" >&2
    run "nginx unchecked" "$url_unchecked" range.lua
    run "recipe, repeated token" "$url_recipe" range.lua "$work/repeated.txt"
    [[ $have_haproxy == yes ]] && run "haproxy native check" "$url_haproxy" range.lua "$work/repeated.txt"
    run "recipe, fresh tokens" "$url_recipe" range.lua "$work/fresh-$round.txt"
    run "recipe, bad signatures" "$url_recipe" badsig.lua "${token%.*}"
    flooded "recipe, repeated, flooded" "$url_recipe" "$url_recipe"
    flooded "recipe, fresh tokens, flooded" "$url_recipe" "$url_recipe" "$work/fresh-flooded-$round.txt"
    [[ $have_haproxy == yes ]] && flooded "haproxy, repeated, flooded" "$url_haproxy" "$url_haproxy"
    run "no budget, fresh tokens" "$url_unbudgeted" range.lua "$work/fresh-$round.txt"
    run "no budget, bad signatures" "$url_unbudgeted" badsig.lua "${token%.*}"
    flooded "no budget, repeated, flooded" "$url_unbudgeted" "$url_unbudgeted"
    flooded "no budget, fresh tokens, flooded" "$url_unbudgeted" "$url_unbudgeted" "$work/fresh-flooded-$round.txt"
    run "over budget, bad signatures" "$url_exhausted" badsig.lua "${token%.*}"
    if [[ -n $BASELINE_RECIPE_DIR ]]; then
        run "baseline, repeated token" "$url_baseline" range.lua "$work/repeated.txt"
        run "baseline, fresh tokens" "$url_baseline" range.lua "$work/fresh-$round.txt"
        run "baseline, bad signatures" "$url_baseline" badsig.lua "${token%.*}"
    fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
# One RSA-2048 verification (PKCS#1 v1.5, as RS256): OpenSSL's own loop on one core, same machine.
rsa_verify_us=$(openssl speed -seconds 2 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {printf "%.1f", 1e6 / $NF}')
echo "rsa-2048 verify (openssl speed, 1 core${ROOT:+, the openssl of this machine}): $rsa_verify_us us"
echo

python3 - "$work/results.txt" "$FRESH_TOKENS" "$rsa_verify_us" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, result = line.rstrip("\n").split("|")
    fields = result.split()
    rate, requests, non2xx, cpu = float(fields[1]), int(fields[2]), int(fields[3]), fields[-1]
    busy = int(fields[4]) if len(fields) == 6 else None
    rows.setdefault(name, []).append((rate, requests, non2xx, busy, None if cpu == "-" else float(cpu) * 1e6 / requests))
base = rows["nginx unchecked"]
# The ratio is the median of each round's ratio to nginx unchecked in the same round: the machine's
# load drifts between rounds far more than within one.
table = []
cost = {}
for name, runs in rows.items():
    med = statistics.median(r[0] for r in runs)
    ratio = statistics.median(r[0] / b[0] for r, b in zip(runs, base))
    cpus = [r[4] for r in runs if r[4] is not None]
    cost[name] = statistics.median(cpus) if cpus else None
    non2xx = sum(r[2] for r in runs)
    total = sum(r[1] for r in runs)
    note = f"{non2xx}/{total}"
    if runs[0][3] is not None:
        busy = sum(r[3] for r in runs)
        note += f" ({non2xx - busy} 403, {busy} 503 over budget)"
    tokens = int(sys.argv[2]) // (2 if name.endswith("flooded") else 1)
    if "fresh tokens" in name and max(r[1] for r in runs) > tokens:
        note += f"; more requests than the {tokens} tokens per round: some repeated"
    table.append((name, f"{med:,.0f}", f"{ratio:.2f}x", "-" if cost[name] is None else f"{cost[name]:,.0f}",
                  " ".join(f"{r[0]:,.0f}" for r in runs), note))
header = ("contender", "median req/s", "ratio", "cpu us/req", "rounds (req/s)", "non-2xx")
widths = [max(len(row[i]) for row in table + [header]) for i in range(6)]
for row in [header] + table:
    print(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}  {row[4]:<{widths[4]}}  {row[5]}")

# A full check's cost beyond serving the request, against one RSA verification.
rsa = float(sys.argv[3])
served = cost["nginx unchecked"]
print()
for name, what in (("no budget, bad signatures", "recipe, full check (bad signature)"),
                   ("no budget, fresh tokens", "recipe, full check (new valid token)"),
                   ("over budget, bad signatures", "recipe, over the budget (503)"),
                   ("haproxy native check", "haproxy jwt_verify + proxying")):
    if cost.get(name) is not None:
        extra = cost[name] - served
        print(f"{what}: {extra:,.0f} us of server CPU per request beyond nginx unchecked ({served:,.0f} us), "
              f"{extra / rsa:.1f}x one RSA-2048 verification ({rsa} us)")
EOF
