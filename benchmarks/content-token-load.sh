#!/usr/bin/env bash
# Load test of content-token.jar (jwt-gateway) on loopback with wrk: `serve` and `check` (behind
# nginx auth_request with the shipped snippets, verdict cache included) against nginx unchecked,
# `serve` with its token filter taken out, and the njs recipe (web-server/nginx), all in one run;
# prints a table of medians and ratios.
#
#   benchmarks/content-token-load.sh                       # 3 rounds of 5 s per contender
#   ROUNDS=3 DURATION=3 benchmarks/content-token-load.sh   # quicker
#   ONLY=metrics ROUNDS=3 DURATION=3 benchmarks/content-token-load.sh   # only the two metrics rows
#   ONLY=nginx-check ROUNDS=5 DURATION=3 benchmarks/content-token-load.sh  # nginx + check against the njs recipe
#
# Needs the built jar (./mvnw -B -pl jwt-gateway -am package), a JDK 17+, nginx + njs
# (apt-get install nginx libnginx-mod-http-js), wrk, openssl and python3 with cryptography (to mint
# the new tokens). Everything runs in a temporary directory on 127.0.0.1 and is removed at the end.
#
# Contenders, interleaved in every round (wrk -t1 -c16, each request a 1 KiB Range of one 1 MiB
# file; nginx with 2 workers; each JVM with its defaults; servers and wrk share the cores: pinned
# to a core of its own, `serve` took about twice the CPU per request, 156 against 81 us, which
# would be unfair to the JVM rows). Every JVM is started once and warmed up (WARMUP seconds per
# path, default 10, and WARM_TOKENS valid tokens through each full check: a JVM is not at its
# speed after one short run) and measured in every round; each row counts the CPU of the servers
# it loads only.
# With ONLY=metrics (two JVMs set against each other) both are started afresh each round
# (RESTART=1, WARMUP 5), so the median is over as many pairs of JVMs as rounds, not one pair's luck
# with the JIT.
#   nginx unchecked            plain nginx serving the file: the 1.00x
#   serve unchecked            `serve` as the jar builds it with only its token filter taken out
#                              (benchmarks/UncheckedServe.java: the jar has no switch to turn the
#                              check off): the baseline of the serve rows
#   serve unchecked, token URLs  the same, each request with the URL of the new-token row (the
#                              token ignored): the baseline of a full check's cost in serve, so
#                              that cost is the check's alone (not Jetty reading a longer URL)
#   serve, repeated token      one valid token on every request (a device downloading in pieces)
#   serve, repeated, metrics   the same against a second `serve` with --admin-listen (the metrics
#                              counted on every request; /metrics read once a round, as a scrape):
#                              set against the row above, the metrics' cost (ONLY=metrics: these
#                              two rows alone, in alternating order each round)
#   serve, new tokens          every request a new valid token (each round its own tokens)
#   nginx+check, repeated      nginx + `check` behind auth_request, the shipped snippets (their
#                              verdict cache answers a repeated token)
#   nginx+check, new tokens    every request a new token: nginx asks `check` every time
#   check alone, repeated      wrk asking `check` directly (X-Original-URI), the check's own
#                              verdict cache answering: what a check request costs without RSA
#   check alone, new tokens    the same with a new token each time: a full check
#   njs recipe, repeated/new   the nginx recipe with its check budget lifted (as nginx-load.sh's
#                              "no budget" rows): what each of its full checks costs
# Each row has the servers' CPU time per request (/proc/<pid>/stat of every nginx process and
# every JVM, threads included; one contender is loaded at a time), and the table ends with the
# cost of a full check set against one RSA-2048 verification (openssl speed, same run).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-16}
JAR=${JAR:-jwt-gateway/target/content-token.jar}
RECIPE_DIR=$(cd web-server/nginx && pwd)
SNIPPETS=$(cd "${SNIPPETS:-jwt-gateway/src/main/dist/nginx}" && pwd)
NJS_MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so
# New tokens per list; each round has two lists (a run stops when its list is used up; the table
# says so, and its rate is then a lower bound; its CPU per request stays exact).
FRESH_TOKENS_SET=${FRESH_TOKENS:-}
FRESH_TOKENS=${FRESH_TOKENS:-$((DURATION * 20000))}
# nginx+check's lists (b-R.txt) are longer: its new-token rate is set against the njs recipe's, so
# it must not run out of tokens within DURATION (signing takes about 0.3 ms of CPU a token).
CHECK_TOKENS_SET=${CHECK_TOKENS:-}
CHECK_TOKENS=${CHECK_TOKENS:-$((DURATION * 25000))}
# Valid tokens that warm up each JVM's full-check path (a JVM started afresh has an empty cache).
WARM_TOKENS=${WARM_TOKENS:-100000}
ONLY=${ONLY:-}
if [[ $ONLY == metrics ]]; then WARMUP=${WARMUP:-5} RESTART=${RESTART:-1}; else WARMUP=${WARMUP:-10} RESTART=${RESTART:-0}; fi
[[ -z $ONLY || $ONLY == metrics || $ONLY == nginx-check ]] \
    || { echo "content-token-load.sh: ONLY=$ONLY: ONLY=metrics and ONLY=nginx-check are known" >&2; exit 2; }
# KEEP=1: leave the working directory (servers' logs) in place at the end, and say where.
KEEP=${KEEP:-}
if [[ $ONLY == metrics ]]; then
    FRESH_TOKENS=100 CHECK_TOKENS=100 WARM_TOKENS=100  # no new-token rows
elif [[ $ONLY == nginx-check ]]; then
    FRESH_TOKENS=${FRESH_TOKENS_SET:-$((DURATION * 6000))}  # the njs recipe's only
    CHECK_TOKENS=${CHECK_TOKENS_SET:-$((DURATION * 25000))}
fi

for tool in nginx wrk openssl python3 java; do
    command -v "$tool" >/dev/null || { echo "content-token-load.sh: $tool not found" >&2; exit 1; }
done
[[ -r $JAR ]] || { echo "content-token-load.sh: $JAR not found: ./mvnw -B -pl jwt-gateway -am package -DskipTests" >&2; exit 1; }
[[ -r $NJS_MODULE ]] || { echo "content-token-load.sh: $NJS_MODULE not found: apt-get install libnginx-mod-http-js" >&2; exit 1; }
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

work=$(mktemp -d)
chmod 755 "$work"
shm=$(mktemp -d /dev/shm/content-token-load.XXXXXX)
cleanup() {
    local pid
    for pid in $(cat "$work/pids" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    if [[ -n $KEEP ]]; then echo "content-token-load.sh: kept $work and $shm" >&2; else rm -rf "$work" "$shm"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- key, content, tokens
mkdir -p "$work"/{keys,www,logs,recipe,snippets,state}
mkdir -m 700 "$shm/state"
openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
openssl rsa -in "$work/private.pem" -pubout -out "$work/keys/jamf.pem" 2>/dev/null
head -c 1048576 /dev/urandom > "$work/www/app.pkg"
python3 - "$work" "$ROUNDS" "$FRESH_TOKENS" "$CHECK_TOKENS" "$WARM_TOKENS" <<'EOF'
import base64, json, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

work, rounds, fresh, fresh_check, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
key = serialization.load_pem_private_key(open(work + "/private.pem", "rb").read(), None)
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
header = b64(b'{"alg":"RS256"}')

def token(exp, jti=None):
    claims = {"sub": "AppManifest", "iss": "JSS", "exp": exp}
    if jti is not None:
        claims["jti"] = jti  # ignored by every check; makes each new token distinct
    signing_input = header + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
    return signing_input + "." + b64(key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()))

def batch(args):
    start, count = args
    exp = int(time.time()) + 3600
    return [token(exp, str(start + i)) for i in range(count)]

open(work + "/repeated.txt", "w").write(token(int(time.time()) + 3600) + "\n")
# Per round: a-R.txt for serve, check alone and the njs recipe (each has a cache of its own), and
# b-R.txt for nginx+check (whose check has seen a-R.txt), so no server meets a token twice.
files = [(f"{p}-{r}.txt", fresh if p == "a" else fresh_check) for p in "ab" for r in range(rounds)] + [("warm.txt", warm)]
# In chunks, so both cores sign; each token's jti is its own number.
jobs, names, start = [], [], 0
for name, count in files:
    for chunk in range(0, count, 5000):
        jobs.append((start, min(5000, count - chunk)))
        names.append(name)
        start += jobs[-1][1]
with ProcessPoolExecutor(os.cpu_count()) as pool:
    lists = {}
    for name, tokens in zip(names, pool.map(batch, jobs)):
        lists.setdefault(name, []).extend(tokens)
for name, tokens in lists.items():
    open(f"{work}/{name}", "w").write("\n".join(tokens) + "\n")
EOF
token=$(cat "$work/repeated.txt")

# --- the JVMs: serve, serve with --admin-listen, serve unchecked, check; ports fixed for the run,
# the processes started once (afresh each round with RESTART=1: start_jvms / stop_jvms)
serve_port=$(free_port); unchecked_serve_port=$(free_port); check_port=$(free_port)
metrics_serve_port=$(free_port); admin_port=$(free_port)
start_jvms() {
    java -jar "$JAR" serve --root "$work/www" --keys "$work/keys/jamf.pem" --check-rate 0 --listen "127.0.0.1:$serve_port" >> "$work/logs/serve.out" 2>&1 &
    echo $! > "$work/serve.pid"
    java -jar "$JAR" serve --root "$work/www" --keys "$work/keys/jamf.pem" --check-rate 0 --listen "127.0.0.1:$metrics_serve_port" \
        --admin-listen "127.0.0.1:$admin_port" >> "$work/logs/serve-metrics.out" 2>&1 &
    echo $! > "$work/metrics.pid"
    java -cp "$JAR" benchmarks/UncheckedServe.java "$work/www" "$work/keys/jamf.pem" "$unchecked_serve_port" >> "$work/logs/unchecked.out" 2>&1 &
    echo $! > "$work/unchecked.pid"
    java -jar "$JAR" check --keys "$work/keys/jamf.pem" --check-rate 0 --listen "127.0.0.1:$check_port" >> "$work/logs/check.out" 2>&1 &
    echo $! > "$work/check.pid"
    cat "$work"/{serve,metrics,unchecked,check}.pid > "$work/jvm.pids"
    cat "$work/jvm.pids" >> "$work/pids"
}
stop_jvms() {
    local pid
    for pid in $(cat "$work/jvm.pids"); do kill "$pid" 2>/dev/null || true; done
    for pid in $(cat "$work/jvm.pids"); do
        while kill -0 "$pid" 2>/dev/null; do python3 -c 'import time; time.sleep(0.05)'; done
    done
}
start_jvms

# --- nginx, 2 workers: unchecked; the shipped check snippets; the njs recipe with its budget lifted
cp "$RECIPE_DIR"/* "$work/recipe/"
sed -i -e "s|/run/nginx-content-token|$shm/state|g" \
    -e "s|zone=content_token_checks:1m rate=[0-9]*r/s;|zone=content_token_checks:1m rate=1000000r/s;|" \
    -e "s|limit_req zone=content_token_checks burst=[0-9]*;|limit_req zone=content_token_checks burst=1000000;|" \
    -e "s|zone=content_token_client_checks:10m rate=[0-9]*r/s;|zone=content_token_client_checks:10m rate=1000000r/s;|" \
    -e "s|limit_req zone=content_token_client_checks burst=[0-9]*;|limit_req zone=content_token_client_checks burst=1000000;|" \
    "$work/recipe/content-token-http.conf" "$work/recipe/content-token.js"
[[ $(grep -c "1000000" "$work/recipe/content-token-http.conf") == 4 ]] \
    || { echo "content-token-load.sh: the recipe's check budget (limit_req_zone, limit_req) not found" >&2; exit 1; }
cp "$SNIPPETS"/* "$work/snippets/"
sed -i -e "s|127.0.0.1:9180|127.0.0.1:$check_port|" -e "s|/run/nginx-content-token-check |$shm/check-verdicts |" \
    "$work/snippets/content-token-check-http.conf"
grep -q "$shm/check-verdicts" "$work/snippets/content-token-check-http.conf" \
    || { echo "content-token-load.sh: the check snippet's proxy_cache_path not found" >&2; exit 1; }
unchecked_port=$(free_port); nginx_check_port=$(free_port); recipe_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
$([[ $(id -u) == 0 ]] && echo "user root;")
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
  include "$work/snippets/content-token-check-http.conf";
  server {
    listen 127.0.0.1:$unchecked_port;
    location / { root $work/www; }
  }
  server {
    listen 127.0.0.1:$nginx_check_port;
    include "$work/snippets/content-token-check.conf";
    location / { root $work/www; }
  }
  server {
    listen 127.0.0.1:$recipe_port;
    set \$content_token_keys $work/keys/;
    include "$work/recipe/content-token.conf";
    location / { root $work/www; try_files \$uri =404; }
  }
}
CONF
nginx -p "$work/" -c "$work/nginx.conf" -e "$work/logs/error.log"

status() { python3 -c 'import sys, urllib.request, urllib.error
headers = {"Range": "bytes=0-1023"}
if len(sys.argv) > 2: headers["X-Original-URI"] = sys.argv[2]
try: print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], headers=headers)).status)
except urllib.error.HTTPError as e: print(e.code)
except Exception: print(0)' "$@"; }
wait_for() {
    local port
    for port in "$@"; do
        for _ in $(seq 1 300); do
            [[ $(status "http://127.0.0.1:$port/app.pkg") != 0 ]] && break
            python3 -c 'import time; time.sleep(0.1)'
        done
    done
}
wait_for $unchecked_port $serve_port $unchecked_serve_port $check_port $metrics_serve_port
for check in "206:$token" "403:${token%.*}.AAAA" "401:"; do
    IFS=: read -r want tok <<<"$check"
    for port in $serve_port $nginx_check_port $recipe_port $metrics_serve_port; do
        got=$(status "http://127.0.0.1:$port/app.pkg${tok:+?token=$tok}")
        [[ $got == "$want" ]] || { echo "content-token-load.sh: port $port answered $got, expected $want" >&2; tail -5 "$work"/logs/* >&2; exit 1; }
    done
done
[[ $(status "http://127.0.0.1:$unchecked_serve_port/app.pkg") == 206 ]] || { echo "content-token-load.sh: unchecked serve does not serve" >&2; exit 1; }
[[ $(status "http://127.0.0.1:$admin_port/metrics") == 200 ]] || { echo "content-token-load.sh: serve's --admin-listen has no /metrics" >&2; exit 1; }
[[ $(status "http://127.0.0.1:$check_port/" "/app.pkg?token=$token") == 204 ]] || { echo "content-token-load.sh: check refused a valid token" >&2; exit 1; }

# --- wrk script: TOKENS-FILE [header]; "header" asks check directly, the URI in X-Original-URI
cat > "$work/range.lua" <<'EOF'
wrk.headers["Range"] = "bytes=0-1023"
local tokens, next, header = {}, 1, false
function init(args)
  if args[1] and args[1] ~= "" then for line in io.lines(args[1]) do tokens[#tokens + 1] = line end end
  header = args[2] == "header"
end
function request()
  if #tokens == 0 then return wrk.format() end
  local i = next
  next = next % #tokens + 1
  if header then
    return wrk.format(nil, "/", {["X-Original-URI"] = "/app.pkg?token=" .. tokens[i]})
  end
  return wrk.format(nil, wrk.path .. "?token=" .. tokens[i])
end
-- A list of new tokens is used once: when its last token is answered the load stops (a token met
-- again would come from a verdict cache), and the row's rate is then a lower bound ("stopped").
local answered = 0
stopped = 0
codes = ""
local counts = {}
function response(status, headers, body)
  answered = answered + 1
  if status > 299 then
    counts[status] = (counts[status] or 0) + 1
    local parts = {}
    for code, n in pairs(counts) do parts[#parts + 1] = code .. "x" .. n end
    codes = table.concat(parts, ",")
  end
  if #tokens > 1 and answered >= #tokens and stopped == 0 then
    stopped = 1
    wrk.thread:stop()
  end
end
local threads = {}
function setup(thread) threads[#threads + 1] = thread end
function done(summary, latency, requests)
  -- done() runs in the main script: the thread's "stopped" is read through its handle.
  local any, codes = 0, ""
  for _, t in ipairs(threads) do
    any = math.max(any, t:get("stopped"))
    if t:get("codes") ~= "" then codes = codes .. " " .. t:get("codes") end
  end
  io.write(string.format("RESULT %.1f %d %d %d\n", summary.requests / (summary.duration / 1e6), summary.requests, summary.errors.status, any))
  if codes ~= "" then io.write("STATUS" .. codes .. "\n") end
end
EOF

# CPU time (utime + stime, in clock ticks) of the servers a row loads: "nginx" (master and workers)
# and any of the JVMs "serve", "metrics", "unchecked", "check" (threads included). Only those: an
# idle JVM's background work (its JIT, its GC) is not charged to another server's requests.
cpu_ticks() {
    local pid total=0 server pids=()
    for server in "$@"; do
        if [[ $server == nginx ]]; then
            pids+=($(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" || true))
        else
            pids+=($(cat "$work/$server.pid"))
        fi
    done
    for pid in "${pids[@]}"; do
        [[ -r /proc/$pid/stat ]] || continue
        total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    done
    echo "$total"
}
TICKS=$(getconf CLK_TCK)

# run NAME SERVERS URL [TOKENS-FILE] [header]: one wrk run; appends "NAME|RESULT req/s requests
# non2xx stopped cpu-s"; SERVERS: the servers whose CPU counts ("nginx check" for nginx + check)
run() {
    local name=$1 servers=$2 url=$3 tokens=${4:-} mode=${5:-} out before after server split=""
    local -A each
    for server in $servers; do each[$server]=$(cpu_ticks "$server"); done
    before=$(cpu_ticks $servers)
    # wrk's own CPU (bash's time: user and system of the pipeline) shares the cores with the servers.
    out=$( { TIMEFORMAT='WRKCPU %U %S'; time wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/range.lua" "$url" -- "$tokens" "$mode"; } 2>&1 \
        | grep '^RESULT\|^STATUS\|^WRKCPU')
    local wrk_cpu
    wrk_cpu=$(awk '/^WRKCPU/ {printf "%.2f", $2 + $3}' <<< "$out")
    out=$(grep -v '^WRKCPU' <<< "$out")
    if [[ $out == *STATUS* ]]; then
        printf '  %-26s non-2xx by status:%s\n' "$name" "${out#*STATUS}" >&2
        out=${out%%$'\n'STATUS*}
    fi
    after=$(cpu_ticks $servers)
    if [[ $servers == *' '* ]]; then
        # Where a row with two servers spends its CPU: "(nginx 1.20 s, check 2.10 s)".
        for server in $servers; do
            split+="${split:+, }$server $(awk -v t=$(($(cpu_ticks "$server") - each[$server])) -v hz="$TICKS" 'BEGIN {printf "%.2f", t / hz}') s"
        done
        split=" ($split)"
    fi
    echo "$name|$out $(awk -v t=$((after - before)) -v hz="$TICKS" 'BEGIN {printf "%.2f", t / hz}')" >> "$work/results.txt"
    printf '  %-26s %s cpu %s s%s, wrk %s s\n' "$name" "$out" "$(tail -1 "$work/results.txt" | awk '{print $NF}')" "$split" "$wrk_cpu" >&2
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "versions: $(java -version 2>&1 | head -1), $(nginx -v 2>&1 | sed 's/.*: //'), njs $(dpkg-query -W -f='${Version}' libnginx-mod-http-js 2>/dev/null || echo '?'), $(wrk --version 2>&1 | sed -n '1s/ \[.*//p')"
echo "settings: wrk -t1 -c$CONNECTIONS -d${DURATION}s, $([[ $RESTART == 1 ]] && echo "every JVM new each round" || echo "JVMs started once"), ${WARMUP}s warm-up per path, $ROUNDS rounds, 1 KiB Range of a 1 MiB file, nginx 2 workers, $FRESH_TOKENS new tokens per list ($CHECK_TOKENS for nginx+check)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
u_nginx="http://127.0.0.1:$unchecked_port/app.pkg"
u_serve="http://127.0.0.1:$serve_port/app.pkg"
u_metrics="http://127.0.0.1:$metrics_serve_port/app.pkg"
u_unchecked="http://127.0.0.1:$unchecked_serve_port/app.pkg"
u_ncheck="http://127.0.0.1:$nginx_check_port/app.pkg"
u_check="http://127.0.0.1:$check_port/"
u_recipe="http://127.0.0.1:$recipe_port/app.pkg"
# Warm-up of the JVMs (the JIT), not counted: repeated tokens on every path, and the full-check path
# with valid new tokens (warm.txt: no row meets them; nginx+check warms with repeated tokens only).
warm_jvms() {
    local warm target url tokens mode
    warm=("$u_serve|$work/repeated.txt|" "$u_metrics|$work/repeated.txt|" "$u_unchecked||" "$u_unchecked|$work/warm.txt|" \
          "$u_ncheck|$work/repeated.txt|" "$u_check|$work/repeated.txt|header" "$u_serve|$work/warm.txt|" "$u_check|$work/warm.txt|header")
    [[ $ONLY == metrics ]] && warm=("$u_serve|$work/repeated.txt|" "$u_metrics|$work/repeated.txt|")
    [[ $ONLY == nginx-check ]] && warm=("$u_ncheck|$work/repeated.txt|" "$u_check|$work/repeated.txt|header" "$u_check|$work/warm.txt|header")
    for target in "${warm[@]}"; do
        IFS='|' read -r url tokens mode <<<"$target"
        wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$work/range.lua" "$url" -- "$tokens" "$mode" >/dev/null
    done
}
[[ $ONLY == metrics ]] || wrk -t1 -c"$CONNECTIONS" -d3s -s "$work/range.lua" "$u_recipe" -- "$work/repeated.txt" >/dev/null
# The metrics pair: with and without --admin-listen, in alternating order; /metrics read once a round.
metrics_pair() {
    if (( $1 % 2 == 0 )); then
        run "serve, repeated token" serve "$u_serve" "$work/repeated.txt"
        run "serve, repeated, metrics" metrics "$u_metrics" "$work/repeated.txt"
    else
        run "serve, repeated, metrics" metrics "$u_metrics" "$work/repeated.txt"
        run "serve, repeated token" serve "$u_serve" "$work/repeated.txt"
    fi
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' "http://127.0.0.1:$admin_port/metrics"
}
for round in $(seq 0 $((ROUNDS - 1))); do
    echo "round $((round + 1))/$ROUNDS" >&2
    if (( round > 0 && RESTART )); then
        stop_jvms
        start_jvms
        wait_for $serve_port $unchecked_serve_port $check_port $metrics_serve_port
    fi
    (( round == 0 || RESTART )) && warm_jvms
    if [[ $ONLY == metrics ]]; then
        metrics_pair "$round"
        continue
    fi
    if [[ $ONLY == nginx-check ]]; then
        run "nginx unchecked" nginx "$u_nginx"
        run "nginx+check, repeated" "nginx check" "$u_ncheck" "$work/repeated.txt"
        run "nginx+check, new tokens" "nginx check" "$u_ncheck" "$work/b-$round.txt"
        run "njs recipe, new tokens" nginx "$u_recipe" "$work/a-$round.txt"
        continue
    fi
    run "nginx unchecked" nginx "$u_nginx"
    run "serve unchecked" unchecked "$u_unchecked"
    metrics_pair "$round"
    run "serve, new tokens" serve "$u_serve" "$work/a-$round.txt"
    run "serve unchecked, token URLs" unchecked "$u_unchecked" "$work/a-$round.txt"
    run "nginx+check, repeated" "nginx check" "$u_ncheck" "$work/repeated.txt"
    run "nginx+check, new tokens" "nginx check" "$u_ncheck" "$work/b-$round.txt"
    run "check alone, repeated" check "$u_check" "$work/repeated.txt" header
    run "check alone, new tokens" check "$u_check" "$work/a-$round.txt" header
    run "njs recipe, repeated" nginx "$u_recipe" "$work/repeated.txt"
    run "njs recipe, new tokens" nginx "$u_recipe" "$work/a-$round.txt"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "serve --admin-listen counted: $(python3 -c 'import sys, urllib.request
print(", ".join(l for l in urllib.request.urlopen(sys.argv[1]).read().decode().splitlines() if l.startswith(("content_token_requests_total", "content_token_cache_hits_total"))))' "http://127.0.0.1:$admin_port/metrics")"
rsa_verify_us=$(openssl speed -seconds 2 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {printf "%.1f", 1e6 / $NF}')
echo "rsa-2048 verify (openssl speed, 1 core): $rsa_verify_us us"
echo

python3 - "$work/results.txt" "$FRESH_TOKENS" "$rsa_verify_us" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, result = line.rstrip("\n").split("|")
    f = result.split()
    rows.setdefault(name, []).append((float(f[1]), int(f[2]), int(f[3]), float(f[5]) * 1e6 / int(f[2]), f[4] == "1"))
def ratio(name, base):
    # The median of each round's ratio to the baseline in the same round: load drifts between rounds.
    return statistics.median(r[0] / b[0] for r, b in zip(rows[name], rows[base]))
cost = {name: statistics.median(r[3] for r in runs) for name, runs in rows.items()}
header = ("contender", "median req/s", "vs nginx", "cpu us/req", "rounds (req/s)", "non-2xx")
table = []
for name, runs in rows.items():
    note = f"{sum(r[2] for r in runs)}/{sum(r[1] for r in runs)}"
    if any(r[4] for r in runs):
        note += f"; {sum(r[4] for r in runs)} round(s) stopped at the end of its token list: rate is a lower bound"
    table.append((name, f"{statistics.median(r[0] for r in runs):,.0f}", f"{ratio(name, 'nginx unchecked'):.2f}x" if "nginx unchecked" in rows else "-",
                  f"{cost[name]:,.0f}", " ".join(f"{r[0]:,.0f}" for r in runs), note))
widths = [max(len(row[i]) for row in table + [header]) for i in range(6)]
for row in [header] + table:
    print(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}  {row[4]:<{widths[4]}}  {row[5]}")
rsa = float(sys.argv[3])
print()
def line(text, *names):
    if all(n in rows for n in names):
        print(text())
# The metrics' cost: serve with --admin-listen against serve without, per round (target: at most 2 %).
def metrics_line():
    metrics = ratio("serve, repeated, metrics", "serve, repeated token")
    return (f"serve, repeated, metrics / serve, repeated token: {metrics:.3f}x, {(1 - metrics) * 100:+.1f} % throughput cost "
            f"(target <= 2 %); cpu {cost['serve, repeated, metrics']:,.0f} against {cost['serve, repeated token']:,.0f} us/req")
line(metrics_line, "serve, repeated, metrics", "serve, repeated token")
line(lambda: f"serve, repeated token / serve unchecked: {ratio('serve, repeated token', 'serve unchecked'):.2f}x (target >= 0.9x); "
             f"/ nginx unchecked: {ratio('serve, repeated token', 'nginx unchecked'):.2f}x", "serve, repeated token", "serve unchecked", "nginx unchecked")
line(lambda: f"nginx+check, new tokens / njs recipe, new tokens: {ratio('nginx+check, new tokens', 'njs recipe, new tokens'):.1f}x (target >= 5x)"
             + ("; a lower bound: nginx+check used up its token list" if any(r[4] for r in rows["nginx+check, new tokens"]) else ""),
     "nginx+check, new tokens", "njs recipe, new tokens")
line(lambda: f"nginx+check, repeated / nginx unchecked: {ratio('nginx+check, repeated', 'nginx unchecked'):.2f}x (target >= 0.5x)",
     "nginx+check, repeated", "nginx unchecked")
for name, base, what in (("serve, new tokens", "serve unchecked, token URLs", "serve, full check of a new token"),
                         ("serve, new tokens", "serve unchecked", "serve, full check of a new token"),
                         ("check alone, new tokens", "check alone, repeated", "check, full check of a new token"),
                         ("nginx+check, new tokens", "nginx unchecked", "nginx+check, new token (nginx and check)"),
                         ("njs recipe, new tokens", "nginx unchecked", "njs recipe, new token")):
    line(lambda: f"{what}: {cost[name] - cost[base]:,.0f} us of server CPU per request beyond {base} ({cost[base]:,.0f} us), "
                 f"{(cost[name] - cost[base]) / rsa:.1f}x one RSA-2048 verification ({rsa} us)", name, base)
line(lambda: f"nginx+check, new tokens / njs recipe, new tokens, by server CPU per request: "
             f"{cost['njs recipe, new tokens'] / cost['nginx+check, new tokens']:.1f}x less", "nginx+check, new tokens", "njs recipe, new tokens")
EOF
