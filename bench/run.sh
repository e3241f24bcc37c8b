#!/usr/bin/env bash
# The benchmark: cached, authenticated, scoped reads and the live stream of the packaged
# (prod-profile) gateway against its built-in simulator, side by side with an nginx proxy_cache
# baseline. Prints figures; asserts nothing timed. See bench/README.md.
#
#   bench/run.sh                       everything (about 11 minutes with DURATION=60)
#   DURATION=30 bench/run.sh           shorter load phases
#   PHASES="poll" bench/run.sh         only some phases (poll, noisy, sse, nginx)
#
# Everything it starts (Keycloak, gateway, nginx, load clients, samplers) it stops on exit.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"

DURATION="${DURATION:-60}"                 # seconds per measured wrk phase
WARMUP="${WARMUP:-40}"                     # seconds of unmeasured load before each target (the JVM's JIT
                                           # needs 30 s or more on 2 shared cores; a cold gateway measures half)
CONNECTIONS="${CONNECTIONS:-512}"          # the "500+ polling clients" phase
LOW_CONNECTIONS="${LOW_CONNECTIONS:-64}"   # the p99 target is stated at 64 connections
THREADS="${THREADS:-2}"
SSE_SUBSCRIBERS="${SSE_SUBSCRIBERS:-5000}"
SSE_RAMP="${SSE_RAMP:-15}"
SSE_HOLD="${SSE_HOLD:-30}"
SSE_GZIP="${SSE_GZIP:-true}"               # subscribers ask for gzip, as browsers do (false: uncompressed)
PROFILE_SECONDS="${PROFILE_SECONDS:-15}"   # extra JFR-profiled wrk phase (0: none); not in the figures
SIM_LATENCY="${SIM_LATENCY:-300ms}"
SIM_RATE_LIMIT="${SIM_RATE_LIMIT:-50}"
BUDGET="${BUDGET:-20}"
GW_HEAP="${GW_HEAP:-256m}"                 # the gateway's -Xmx (a 512 MB container with the image's 50-60 % heap ratio)
FRESHNESS_SECONDS=2                        # gateway default freshness = nginx proxy_cache_valid
# inprocess: the gateway's own simulator is its upstream (as in the product's benchmark; the "upstream" then
# shares the gateway's event loops); separate: a second JVM of the same jar serves the simulator.
SIMULATOR="${SIMULATOR:-inprocess}"
NGINX_TUNED="${NGINX_TUNED:-1}"            # also measure nginx with proxy_cache_use_stale updating
PHASES="${PHASES:-poll noisy sse nginx}"   # which phases run: poll (wrk on the gateway), noisy, sse, nginx
NOISY_STREAMS="${NOISY_STREAMS:-40}"       # noisy neighbour: one caller's streams, each a distinct view
BUILD_DIR="${BUILD_DIR:-/tmp/bench-build}"
AUDIT_SCHEMA="${AUDIT_SCHEMA:-bench_audit}"
AUDIT_DB_URL_BASE="${AUDIT_DB_URL_BASE:-jdbc:postgresql://127.0.0.1:5432/test}"
AUDIT_DB_USER="${AUDIT_DB_USER:-postgres}"
AUDIT_DB_PASSWORD="${AUDIT_DB_PASSWORD:-}"
SIM_TOKEN=bench-token
# A handful of demo users stand for every screen of the benchmark, so the per-caller limits are
# raised far above the production defaults (10 streams, 20 live views per user).
STREAMS_PER_SUBJECT="${STREAMS_PER_SUBJECT:-100000}"
VIEWS_PER_SUBJECT="${VIEWS_PER_SUBJECT:-1000}"

WORK="$(mktemp -d /tmp/amg-bench.XXXXXX)"
chmod 755 "$WORK"   # nginx workers (user nobody when run as root) must reach its cache dir
GW_PID="" SIM_PID="" NGINX_PID="" SAMPLER_PID="" SSE_PID="" KC_STARTED=false
NOISY_PIDS=()

phase() { [[ " $PHASES " == *" $1 "* ]]; }
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- cleanup: stop exactly what this script started -----------------------------------------
stop_pid() {
    local pid="$1" name="$2" i
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local noisy
    for noisy in "${NOISY_PIDS[@]}"; do kill "$noisy" 2>/dev/null || true; done
    stop_pid "$SSE_PID" "SSE client"
    stop_pid "$SAMPLER_PID" "sampler"
    stop_pid "$NGINX_PID" "nginx"
    stop_pid "$GW_PID" "gateway"
    stop_pid "$SIM_PID" "simulator"
    if [[ "$KC_STARTED" == true ]]; then
        KEYCLOAK_PORT="$KC_PORT" KEYCLOAK_LOG="$WORK/keycloak.log" KEYCLOAK_PID_FILE="$WORK/keycloak.pid" \
            "$REPO/deploy/local/keycloak.sh" stop || true
    fi
    if command -v psql >/dev/null && [[ "$AUDIT_DB_URL_BASE" == *127.0.0.1:5432/test ]]; then
        PGPASSWORD="$AUDIT_DB_PASSWORD" psql -q -h 127.0.0.1 -U "$AUDIT_DB_USER" -d test \
            -c "DROP SCHEMA IF EXISTS $AUDIT_SCHEMA CASCADE" -c "DROP SCHEMA IF EXISTS ${AUDIT_SCHEMA}_sim CASCADE" >/dev/null 2>&1 || true
    fi
    log "logs and raw outputs kept in $WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- tools ----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    log "installing wrk and nginx (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
fi
for tool in java curl wrk nginx jcmd jfr; do command -v "$tool" >/dev/null || die "$tool is missing"; done
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

free_port() {
    local p
    # Below the kernel's ephemeral range (32768+), so 5,000 client sockets cannot take it meanwhile.
    for p in $(shuf -i 20000-32000 -n 200); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    die "no free port"
}
KC_PORT="$(free_port)"; GW_PORT="$(free_port)"; SIM_PORT="$GW_PORT"
GW="http://127.0.0.1:$GW_PORT"

# ---- the packaged gateway -------------------------------------------------------------------
JAR="${JAR:-}"
if [[ -z "$JAR" && -f "$REPO/target/quarkus-app/quarkus-run.jar" ]]; then
    JAR="$REPO/target/quarkus-app/quarkus-run.jar"
fi
if [[ -z "$JAR" ]]; then
    log "building the packaged gateway in $BUILD_DIR (never in the working tree)"
    mkdir -p "$BUILD_DIR"
    rsync -a --delete --exclude target --exclude .git --exclude data --exclude node_modules "$REPO/" "$BUILD_DIR/"
    (cd "$BUILD_DIR" && ./mvnw -B -q package -DskipTests -Dwebui.skip=true)
    JAR="$BUILD_DIR/target/quarkus-app/quarkus-run.jar"
fi
[[ -f "$JAR" ]] || die "no jar at $JAR"

# ---- Keycloak -------------------------------------------------------------------------------
log "starting an ephemeral Keycloak on port $KC_PORT"
KC_STARTED=true
KEYCLOAK_EPHEMERAL=true KEYCLOAK_PORT="$KC_PORT" KEYCLOAK_LOG="$WORK/keycloak.log" \
    KEYCLOAK_PID_FILE="$WORK/keycloak.pid" "$REPO/deploy/local/keycloak.sh" start
token() {
    KEYCLOAK_PORT="$KC_PORT" KEYCLOAK_LOG="$WORK/keycloak.log" KEYCLOAK_PID_FILE="$WORK/keycloak.pid" \
        "$REPO/deploy/local/keycloak.sh" token "$1"
}

# ---- gateway (and, with SIMULATOR=separate, the simulator in its own JVM) --------------------
# start_jar PORT SCHEMA SIMULATOR_ON UPSTREAM_PORT XMX LOG
start_jar() {
    env QUARKUS_HTTP_PORT="$1" \
        OIDC_AUTH_SERVER_URL="http://localhost:$KC_PORT/realms/agent-monitor" \
        GATEWAY_SIMULATOR_ENABLED="$3" GATEWAY_SIMULATOR_AUTH_TOKEN="$SIM_TOKEN" GATEWAY_UPSTREAM_AUTH_TOKEN="$SIM_TOKEN" \
        QUARKUS_REST_CLIENT_CONVOSO_URL="http://localhost:$4/simulator/v1" \
        GATEWAY_SIMULATOR_LATENCY="$SIM_LATENCY" GATEWAY_SIMULATOR_RATE_LIMIT="$SIM_RATE_LIMIT" \
        GATEWAY_BUDGET_SEARCHES_PER_SECOND="$BUDGET" \
        GATEWAY_LIMITS_STREAMS_PER_SUBJECT="$STREAMS_PER_SUBJECT" GATEWAY_LIMITS_VIEWS_PER_SUBJECT="$VIEWS_PER_SUBJECT" \
        AUDIT_DB_URL="$AUDIT_DB_URL_BASE?currentSchema=$2" AUDIT_DB_USER="$AUDIT_DB_USER" \
        AUDIT_DB_PASSWORD="$AUDIT_DB_PASSWORD" QUARKUS_FLYWAY_SCHEMAS="$2" \
        GATEWAY_REDIS_VALUE_KEY="bench-only-redis-value-key-not-a-secret" \
        GATEWAY_AUDIT_CHECKPOINTS_KEY_FILE="$WORK/audit-checkpoint-key.pem" \
        java "-Xmx$5" \
        -Dgateway.scope.mapping.campaign-111=111 -Dgateway.scope.mapping.east-managers=111,112 \
        -jar "$JAR" >"$6" 2>&1 </dev/null &
}
if [[ "$SIMULATOR" == separate ]]; then
    SIM_PORT="$(free_port)"
    log "starting the simulator in its own JVM on port $SIM_PORT"
    start_jar "$SIM_PORT" "${AUDIT_SCHEMA}_sim" true "$SIM_PORT" 256m "$WORK/simulator.log"
    SIM_PID=$!
    deadline=$((SECONDS + 120))
    until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$SIM_PORT/simulator/control/stats" 2>/dev/null; do
        kill -0 "$SIM_PID" 2>/dev/null || { tail -n 40 "$WORK/simulator.log" >&2; die "simulator exited"; }
        ((SECONDS < deadline)) || die "simulator not up in 120 s"
        sleep 1
    done
    log "starting the gateway on port $GW_PORT, simulator off, upstream port $SIM_PORT ($JAR)"
    start_jar "$GW_PORT" "$AUDIT_SCHEMA" false "$SIM_PORT" "$GW_HEAP" "$WORK/gateway.log"
else
    log "starting the gateway on port $GW_PORT, its own simulator as upstream ($JAR)"
    start_jar "$GW_PORT" "$AUDIT_SCHEMA" true "$GW_PORT" "$GW_HEAP" "$WORK/gateway.log"
fi
GW_PID=$!
SIM="http://127.0.0.1:$SIM_PORT"
deadline=$((SECONDS + 120))
until curl -fsS -o /dev/null --max-time 2 "$GW/q/health/ready" 2>/dev/null; do
    kill -0 "$GW_PID" 2>/dev/null || { tail -n 40 "$WORK/gateway.log" >&2; die "gateway exited"; }
    ((SECONDS < deadline)) || { tail -n 40 "$WORK/gateway.log" >&2; die "gateway not ready in 120 s"; }
    sleep 1
done
log "gateway ready (pid $GW_PID)"

# ---- views: 24 distinct upstream queries over three roles ------------------------------------
# "ROLES|gateway query|simulator query": every view is one distinct upstream search (one cache key).
VIEWS=(
    "supervisor manager admin|campaign_id=111|campaign_id=111"
    "supervisor manager admin|campaign_id=111&queue_id=1111|campaign_id=111&queue_id=1111"
    "supervisor manager admin|campaign_id=111&queue_id=1112|campaign_id=111&queue_id=1112"
    "supervisor manager admin|campaign_id=111&skill=english|campaign_id=111&filter_by_skill_options=english"
    "supervisor manager admin|campaign_id=111&skill=spanish|campaign_id=111&filter_by_skill_options=spanish"
    "supervisor manager admin|campaign_id=111&skill=sales|campaign_id=111&filter_by_skill_options=sales"
    "supervisor manager admin|campaign_id=111&skill=support|campaign_id=111&filter_by_skill_options=support"
    "supervisor manager admin|campaign_id=111&queue_id=1111&skill=english|campaign_id=111&queue_id=1111&filter_by_skill_options=english"
    "manager admin|campaign_id=112|campaign_id=112"
    "manager admin|campaign_id=112&queue_id=1121|campaign_id=112&queue_id=1121"
    "manager admin|campaign_id=112&queue_id=1122|campaign_id=112&queue_id=1122"
    "manager admin|campaign_id=112&skill=english|campaign_id=112&filter_by_skill_options=english"
    "manager admin|campaign_id=112&skill=billing|campaign_id=112&filter_by_skill_options=billing"
    "manager admin|campaign_id=112&skill=spanish,retention|campaign_id=112&filter_by_skill_options=retention,spanish"
    "admin||"
    "admin|campaign_id=113|campaign_id=113"
    "admin|campaign_id=222|campaign_id=222"
    "admin|campaign_id=223|campaign_id=223"
    "admin|campaign_id=333|campaign_id=333"
    "admin|campaign_id=222&queue_id=2221|campaign_id=222&queue_id=2221"
    "admin|campaign_id=223&queue_id=2231|campaign_id=223&queue_id=2231"
    "admin|campaign_id=333&skill=english|campaign_id=333&filter_by_skill_options=english"
    "admin|campaign_id=113&queue_id=1131|campaign_id=113&queue_id=1131"
    "admin|campaign_id=222&skill=collections&skill=tech|campaign_id=222&filter_by_skill_options=collections,tech"
)
VIEW_COUNT=${#VIEWS[@]}
# SSE: a handful of views; all of them show agents of queue 1111 (the flipped agent's). "merged": a
# view built from several upstream searches (the manager's two campaigns), whose generated_at is the
# oldest part's, so its answer->arrival delays are reported apart.
SSE_VIEWS=(
    "supervisor|campaign_id=111|"
    "supervisor|campaign_id=111&queue_id=1111|"
    "manager||merged"
    "admin||"
)

declare -A TOKENS
fetch_tokens() {
    local user
    for user in supervisor manager admin; do
        TOKENS[$user]="$(token "$user")" || die "no token for $user"
    done
    : >"$WORK/gateway-views.txt"
    : >"$WORK/nginx-views.txt"
    local v roles gq sq role
    for v in "${VIEWS[@]}"; do
        IFS='|' read -r roles gq sq <<<"$v"
        for role in $roles; do
            echo "${TOKENS[$role]} /api/v1/agent-monitor${gq:+?$gq}" >>"$WORK/gateway-views.txt"
            # The same bearer header goes to nginx too (ignored there), so requests weigh the same.
            echo "${TOKENS[$role]} /simulator/v1/agent-monitor/search?auth_token=$SIM_TOKEN${sq:+&$sq}" >>"$WORK/nginx-views.txt"
        done
    done
    : >"$WORK/sse-views.txt"
    for v in "${SSE_VIEWS[@]}"; do
        IFS='|' read -r role gq kind <<<"$v"
        echo "${TOKENS[$role]} /api/v1/agent-monitor/stream${gq:+?$gq} $kind" >>"$WORK/sse-views.txt"
    done
}

search_calls() {
    curl -fsS --max-time 5 "$SIM/simulator/control/stats" | sed -n 's/.*"search_calls":\([0-9]*\).*/\1/p'
}
heap_bytes() {
    curl -fsS --max-time 5 "$GW/q/metrics" 2>/dev/null |
        awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $NF} END {printf "%.0f", s}'
}
proc_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# CPU time (clock ticks, user + system) of a process and its children (nginx's workers).
cpu_ticks() {
    local pid t=0 ticks
    for pid in "$1" $(pgrep -P "$1" || true); do
        ticks="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
        t=$((t + ticks))
    done
    echo "$t"
}
TICKS_PER_SECOND="$(getconf CLK_TCK)"

# Once a second: epoch, simulator search calls, gateway RSS (kB), gateway heap used (bytes).
sampler() {
    while kill -0 "$GW_PID" 2>/dev/null; do
        echo "$(date +%s) $(search_calls || echo -) $(proc_kb "$GW_PID" VmRSS) $(heap_bytes || echo 0)"
        sleep 1
    done
}

# The most upstream searches in any one-second window (sliding, from the simulator's own call log
# with millisecond times) between two epoch-millisecond instants.
max_calls_in_a_second() {
    curl -fsS --max-time 10 "$SIM/simulator/control/searches" 2>/dev/null | grep -o '"at":[0-9]*' | cut -d: -f2 |
        awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b { t[n++] = $1 }
            END { m = 0; j = 0; for (i = 0; i < n; i++) { while (t[i] - t[j] >= 1000) j++; if (i - j + 1 > m) m = i - j + 1 }; print m }'
}
max_rss_mb() { awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $3 > m {m = $3} END {printf "%.1f", m / 1024}' "$WORK/samples.txt"; }
max_heap_mb() { awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $4 > m {m = $4} END {printf "%.1f", m / 1048576}' "$WORK/samples.txt"; }

# run_wrk LABEL BASE VIEWS CONNECTIONS SECONDS SERVER-PID: prints wrk's output, records the WRK_RESULT
# line and the server's CPU time per request (less sensitive than req/s to what else the host runs).
declare -A RESULT
run_wrk() {
    local label="$1" base="$2" views="$3" conns="$4" secs="$5" server="$6" before after t0 t1 out cpu0 cpu1
    before="$(search_calls)"; t0="$(date +%s)"; local t0_ms; t0_ms="$(date +%s%3N)"; cpu0="$(cpu_ticks "$server")"
    out="$(BENCH_VIEWS="$views" timeout $((secs + 30)) wrk -t "$THREADS" -c "$conns" -d "${secs}s" --timeout 5s \
        -s "$BENCH_DIR/views.lua" "$base" 2>&1)" || log "wrk ended with status $?"
    cpu1="$(cpu_ticks "$server")"; after="$(search_calls)"; t1="$(date +%s)"; local t1_ms; t1_ms="$(date +%s%3N)"
    echo "$out" >"$WORK/wrk-$label.txt"
    local line
    line="$(grep '^WRK_RESULT' <<<"$out" || true)"
    [[ -n "$line" ]] || { echo "$out" >&2; die "wrk printed no result for $label"; }
    local cpu_us
    cpu_us="$(awk -v t=$((cpu1 - cpu0)) -v hz="$TICKS_PER_SECOND" -v n="$(sed 's/.* requests=\([0-9]*\).*/\1/' <<<"$line")" \
        'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "n/a" }')"
    RESULT[$label]="$line calls=$((after - before)) t0=$t0 t1=$t1 window_max=$(max_calls_in_a_second "$t0_ms" "$t1_ms") cpu_us=$cpu_us"
    log "$label: ${line#WRK_RESULT } upstream_searches=$((after - before))"
}
field() { sed -n "s/.*[ ^]$2=\([^ ]*\).*/\1/p" <<<" ${RESULT[$1]:-}"; }

# ---- checks before load ---------------------------------------------------------------------
# Every (token, view) pair once, one after another: loads every view within the budget, reports non-200s.
prewarm() {
    local bad=0 tok path code
    while read -r tok path; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $tok" "$GW$path")"
        [[ "$code" == 200 ]] || { log "  $code for $path"; bad=$((bad + 1)); }
    done <"$WORK/gateway-views.txt"
    log "$(wc -l <"$WORK/gateway-views.txt") (token, view) pairs over $VIEW_COUNT views requested; non-200 answers: $bad"
}
fetch_tokens
prewarm

sampler >"$WORK/samples.txt" 2>/dev/null &
SAMPLER_PID=$!
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_GW="-" LOAD_SSE="-" METRICS_AFTER_POLLING="" METRICS_AFTER_SSE=""

if phase poll; then
# ---- (1) gateway: 512 and 64 connections ----------------------------------------------------
log "gateway warm-up ${WARMUP}s"
run_wrk gw-warmup "$GW" "$WORK/gateway-views.txt" "$CONNECTIONS" "$WARMUP" "$GW_PID"
run_wrk gw-high "$GW" "$WORK/gateway-views.txt" "$CONNECTIONS" "$DURATION" "$GW_PID"
LOAD_GW="$(cut -d' ' -f1-3 /proc/loadavg)"
run_wrk gw-low "$GW" "$WORK/gateway-views.txt" "$LOW_CONNECTIONS" "$DURATION" "$GW_PID"
METRICS_AFTER_POLLING="$(curl -fsS --max-time 10 "$GW/q/metrics" 2>/dev/null | grep -E '^gateway_(cache|upstream_calls_seconds_count|upstream_budget|upstream_retries|upstream_circuit|tokens)' || true)"

# ---- profile: a short JFR-sampled gateway phase (not part of the figures) ---------------------
top_frames() (
    # Self time: the top frame of every execution sample; then inclusive counts of gateway/OIDC frames.
    set +e +o pipefail
    jfr print --events jdk.ExecutionSample "$1" >"$1.txt" 2>/dev/null || exit 0
    echo "  samples: $(grep -c 'jdk.ExecutionSample' "$1.txt")"
    echo "  top frames (self):"
    awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' "$1.txt" |
        sort | uniq -c | sort -rn | head -n 15 | sed 's/^/    /'
    echo "  frames anywhere in the stack (inclusive), by subsystem:"
    awk '/stackTrace = \[/ {n++; delete seen} /^[ \t]+[a-z]/ {
            f = $1; k = ""
            if (f ~ /^io\.quarkus\.oidc|^org\.jose4j|^io\.smallrye\.jwt/) k = "token verification (quarkus-oidc/jose4j)"
            else if (f ~ /^com\.fasterxml\.jackson/) k = "jackson"
            else if (f ~ /SnapshotStreamResource/) k = "gateway: SSE stream"
            else if (f ~ /SnapshotService\.view|SnapshotMerger|ScopeFilter|EntityTags/) k = "gateway: per-request filter/merge/etag"
            else if (f ~ /^io\.agentmonitor\.gateway\.simulator/) k = "simulator (in the same JVM)"
            else if (f ~ /^io\.netty/) k = "netty"
            else if (f ~ /^io\.smallrye\.context/) k = "context propagation"
            if (k != "" && !(k in seen)) { seen[k] = 1; c[k]++ }
        } END { for (k in c) printf "    %6d  %5.1f%%  %s\n", c[k], 100 * c[k] / n, k }' "$1.txt" | sort -rn
)
if ((PROFILE_SECONDS > 0)); then
    fetch_tokens
    jcmd "$GW_PID" JFR.start name=bench-wrk settings=profile >/dev/null
    run_wrk gw-profile "$GW" "$WORK/gateway-views.txt" "$CONNECTIONS" "$PROFILE_SECONDS" "$GW_PID"
    jcmd "$GW_PID" JFR.stop name=bench-wrk filename="$WORK/gw-wrk.jfr" >/dev/null
fi

fi

NOISY_REPORT=""
if phase noisy; then
# ---- noisy neighbour: the other callers poll the shared views while one caller streams many ------
# distinct views (unknown agents and made-up skills, as mistyped bookmarks and scripts do); the
# fair budget should keep the shared views fresh and let the noisy caller's views age instead.
fetch_tokens
grep -v "^${TOKENS[manager]} " "$WORK/gateway-views.txt" >"$WORK/shared-views.txt"
log "noisy neighbour: manager streams $NOISY_STREAMS distinct views; supervisor and admin poll $(wc -l <"$WORK/shared-views.txt") (token, view) pairs at ${LOW_CONNECTIONS}c"
for i in $(seq 1 "$NOISY_STREAMS"); do
    if ((i % 2)); then query="user_id=noise-$i"; else query="campaign_id=111&skill=noise-$i"; fi
    curl -sN --max-time $((DURATION + 30)) -o /dev/null -H "Authorization: Bearer ${TOKENS[manager]}" \
        "$GW/api/v1/agent-monitor/stream?$query" &
    NOISY_PIDS+=($!)
done
sleep "$FRESHNESS_SECONDS"
NOISY_T0="$(date +%s%3N)"
run_wrk gw-noisy "$GW" "$WORK/shared-views.txt" "$LOW_CONNECTIONS" "$DURATION" "$GW_PID"
NOISY_T1="$(date +%s%3N)"
for noisy in "${NOISY_PIDS[@]}"; do kill "$noisy" 2>/dev/null || true; done
wait "${NOISY_PIDS[@]}" 2>/dev/null || true
NOISY_PIDS=()
NOISY_REPORT="$(java "$BENCH_DIR/SearchGaps.java" "$SIM" "$NOISY_T0" "$NOISY_T1" "$FRESHNESS_SECONDS" 2>&1)" || true
NOISY_YIELDED="$(curl -fsS --max-time 10 "$GW/q/metrics" 2>/dev/null | sed -n 's/^gateway_cache_refreshes_yielded_total[^ ]* //p')"
fi

SSE_T0="$(date +%s)" SSE_T1="$SSE_T0" SSE_WINDOW_MAX=n/a HWM_BEFORE_SSE=0
if phase sse; then
# ---- (2) SSE: 5,000 subscribers ---------------------------------------------------------------
fetch_tokens
FLIP_AGENT="$(curl -fsS "$SIM/simulator/v1/agent-monitor/search?auth_token=$SIM_TOKEN&campaign_id=111&queue_id=1111" |
    grep -o '"user_id":"[0-9]*"' | head -n 1 | grep -o '[0-9][0-9]*')" || die "no agent in queue 1111"
log "SSE: $SSE_SUBSCRIBERS subscribers over ${#SSE_VIEWS[@]} views, ramp ${SSE_RAMP}s, hold ${SSE_HOLD}s, gzip $SSE_GZIP; flipping agent $FLIP_AGENT"
HWM_BEFORE_SSE="$(proc_kb "$GW_PID" VmHWM)"
if ((PROFILE_SECONDS > 0)); then jcmd "$GW_PID" JFR.start name=bench-sse settings=default >/dev/null; fi
SSE_T0="$(date +%s)"
timeout $((SSE_RAMP + SSE_HOLD + 120)) java -Xmx1g -Dgateway="$GW" -Dsimulator="$SIM" -Dsubscribers="$SSE_SUBSCRIBERS" \
    -Dramp="$SSE_RAMP" -Dhold="$SSE_HOLD" -Dviews="$WORK/sse-views.txt" -DflipAgent="$FLIP_AGENT" -Dgzip="$SSE_GZIP" \
    -DgatewayPid="$GW_PID" -DclockTicks="$TICKS_PER_SECOND" "$BENCH_DIR/SseLoad.java" >"$WORK/sse.txt" 2>&1 &
SSE_PID=$!
wait "$SSE_PID" || log "SSE client ended with status $?"
SSE_PID=""
SSE_T1="$(date +%s)"
# Now, before the nginx phases fill the simulator's call log (it keeps the latest 10,000 searches).
SSE_WINDOW_MAX="$(max_calls_in_a_second "$((SSE_T0 * 1000))" "$(date +%s%3N)")"
LOAD_SSE="$(cut -d' ' -f1-3 /proc/loadavg)"
if ((PROFILE_SECONDS > 0)); then jcmd "$GW_PID" JFR.stop name=bench-sse filename="$WORK/gw-sse.jfr" >/dev/null || true; fi
METRICS_AFTER_SSE="$(curl -fsS --max-time 10 "$GW/q/metrics" 2>/dev/null | grep -E '^gateway_(cache|upstream_calls_seconds_count|upstream_budget|upstream_retries|upstream_circuit|stream)' || true)"
fi
HWM_MB="$(awk '{printf "%.1f", $1 / 1024}' <<<"$(proc_kb "$GW_PID" VmHWM)")"
HEAP_INFO="$(jcmd "$GW_PID" GC.heap_info 2>/dev/null | sed -n '2,3p' | sed 's/^ *//')"
GW_BLOCKED="$(grep -c 'BlockedThreadChecker' "$WORK/gateway.log" || true)"
GW_ERRORS="$(grep -c ' ERROR ' "$WORK/gateway.log" || true)"
GW_CIRCUIT="$(grep -c 'circuit is open' "$WORK/gateway.log" || true)"

# The simulator's log of the gateway's searches so far (time and filters), kept for a closer look.
curl -fsS --max-time 10 "$SIM/simulator/control/searches" >"$WORK/gateway-searches.json" 2>/dev/null || true

# ---- (3) nginx baselines: plain (as specified), then with proxy_cache_use_stale updating -------
# run_nginx LABEL EXTRA-DIRECTIVES
run_nginx() {
    local label="$1" extra="$2"
    rm -rf "$WORK/nginx"; mkdir -p "$WORK/nginx"
    NGINX_PORT="$(free_port)"
    sed -e "s#@PORT@#$NGINX_PORT#g" -e "s#@UPSTREAM@#127.0.0.1:$SIM_PORT#g" -e "s#@TMP@#$WORK/nginx#g" \
        -e "s#@EXTRA@#$extra#g" "$BENCH_DIR/nginx.conf.template" >"$WORK/nginx-$label.conf"
    nginx -c "$WORK/nginx-$label.conf" -p "$WORK/nginx" >"$WORK/nginx-$label.log" 2>&1 &
    NGINX_PID=$!
    local deadline=$((SECONDS + 20))
    until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$NGINX_PORT/simulator/v1/agent-monitor/search?auth_token=$SIM_TOKEN&campaign_id=111"; do
        ((SECONDS < deadline)) || die "nginx did not answer"
        sleep 0.5
    done
    log "nginx baseline '$label' on port $NGINX_PORT (pid $NGINX_PID)"
    run_wrk "$label-warmup" "http://127.0.0.1:$NGINX_PORT" "$WORK/nginx-views.txt" "$CONNECTIONS" "$WARMUP" "$NGINX_PID"
    run_wrk "$label-high" "http://127.0.0.1:$NGINX_PORT" "$WORK/nginx-views.txt" "$CONNECTIONS" "$DURATION" "$NGINX_PID"
    run_wrk "$label-low" "http://127.0.0.1:$NGINX_PORT" "$WORK/nginx-views.txt" "$LOW_CONNECTIONS" "$DURATION" "$NGINX_PID"
    stop_pid "$NGINX_PID" nginx; NGINX_PID=""
    sleep 2   # let the simulator's rate-limit window pass
}
NG_LABELS=""
if phase nginx; then
    run_nginx ng ""
    NG_LABELS="ng-high ng-low"
fi
LOAD_NG="$(cut -d' ' -f1-3 /proc/loadavg)"
if phase nginx && [[ "$NGINX_TUNED" == 1 ]]; then
    run_nginx ngt "proxy_cache_use_stale updating error timeout http_429 http_500 http_502 http_503; proxy_cache_background_update on;"
    NG_LABELS="$NG_LABELS ngt-high ngt-low"
fi

# ---- report ---------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
per_view_interval() { awk -v c="$1" -v v="$VIEW_COUNT" -v d="$2" -v f="$FRESHNESS_SECONDS" 'BEGIN { printf "%.2f", c / (v * d / f) }'; }

echo
echo "==================== Agent Monitor Gateway benchmark ===================="
echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GB  java: $(java -version 2>&1 | head -n 1)"
echo "jar: $JAR"
echo "load average (1/5/15 min): before load $LOAD_BEFORE | after gateway 512c $LOAD_GW | after SSE $LOAD_SSE | after nginx 512c $LOAD_NG"
echo "upstream: $([[ $SIMULATOR == separate ]] && echo "simulator in its own JVM (port $SIM_PORT)" || echo "the gateway's built-in simulator (same JVM, same event loops)")"
echo "settings: simulator latency $SIM_LATENCY, simulator rate limit $SIM_RATE_LIMIT/s, budget $BUDGET searches/s, freshness ${FRESHNESS_SECONDS}s"
echo "per-caller limits: $STREAMS_PER_SUBJECT streams and $VIEWS_PER_SUBJECT live views per user (the benchmark's few users stand for thousands of screens)"
echo "views: $VIEW_COUNT distinct upstream queries, $(wc -l <"$WORK/gateway-views.txt") (token, view) pairs, roles supervisor/manager/admin"
echo "wrk: $THREADS threads, ${DURATION}s per phase after ${WARMUP}s warm-up, random (token, view) per request"
echo
printf '%-22s %6s %10s %9s %9s %9s %9s %8s %8s %10s %14s %11s\n' phase conns req/s p50_ms p90_ms p99_ms max_ms bytes/rsp non2xx sock_err "calls/view/2s" "cpu_us/req"
GW_LABELS=""; if phase poll; then GW_LABELS="gw-high gw-low"; fi
for label in $GW_LABELS $NG_LABELS; do
    conns=$CONNECTIONS; [[ $label == *low ]] && conns=$LOW_CONNECTIONS
    serr=$(( $(field $label connect_err) + $(field $label read_err) + $(field $label write_err) + $(field $label timeouts) ))
    printf '%-22s %6s %10s %9s %9s %9s %9s %8s %8s %10s %14s %11s\n' \
        "$(case $label in gw*) echo gateway ;; ngt*) echo nginx+use_stale ;; *) echo nginx-baseline ;; esac)" "$conns" "$(field $label rps)" \
        "$(field $label p50_ms)" "$(field $label p90_ms)" "$(field $label p99_ms)" "$(field $label max_ms)" \
        "$(field $label bytes_per_response)" "$(field $label non2xx3xx)" "$serr" \
        "$(per_view_interval "$(field $label calls)" "$(field $label duration_s)")" "$(field $label cpu_us)"
done
echo
if phase poll && phase nginx; then
    echo "gateway / nginx req/s: ${CONNECTIONS}c $(ratio "$(field gw-high rps)" "$(field ng-high rps)")   ${LOW_CONNECTIONS}c $(ratio "$(field gw-low rps)" "$(field ng-low rps)")   (target >= 0.6)"
    if [[ "$NGINX_TUNED" == 1 ]]; then
        echo "gateway / nginx+use_stale req/s: ${CONNECTIONS}c $(ratio "$(field gw-high rps)" "$(field ngt-high rps)")   ${LOW_CONNECTIONS}c $(ratio "$(field gw-low rps)" "$(field ngt-low rps)")"
    fi
    echo "server CPU per request (us), gateway / nginx / nginx+use_stale: ${CONNECTIONS}c $(field gw-high cpu_us) / $(field ng-high cpu_us) / $(field ngt-high cpu_us)   ${LOW_CONNECTIONS}c $(field gw-low cpu_us) / $(field ng-low cpu_us) / $(field ngt-low cpu_us)"
fi
if phase poll; then
    echo "gateway p99 at ${LOW_CONNECTIONS} connections: $(field gw-low p99_ms) ms (target <= 10 ms)"
    echo "upstream searches per view per ${FRESHNESS_SECONDS}s interval, gateway ${CONNECTIONS}c: $(per_view_interval "$(field gw-high calls)" "$(field gw-high duration_s)") (target 1.00), ${LOW_CONNECTIONS}c: $(per_view_interval "$(field gw-low calls)" "$(field gw-low duration_s)"); most searches in any one-second window: $(field gw-high window_max) (512c), $(field gw-low window_max) (${LOW_CONNECTIONS}c) (budget $BUDGET)"
    echo "gateway RSS/heap during 512c phase: max RSS $(max_rss_mb "$(field gw-high t0)" "$(field gw-high t1)") MB, max heap used $(max_heap_mb "$(field gw-high t0)" "$(field gw-high t1)") MB (1 s samples)"
fi
if phase noisy; then
    echo
    echo "noisy neighbour (${DURATION}s, ${LOW_CONNECTIONS}c polling the shared views, one caller streaming $NOISY_STREAMS distinct views, budget $BUDGET/s):"
    echo "  gateway: $(field gw-noisy rps) req/s, p99 $(field gw-noisy p99_ms) ms, non-2xx $(field gw-noisy non2xx3xx); most searches in any one-second window $(field gw-noisy window_max)"
    sed 's/^/  /' <<<"$NOISY_REPORT"
    echo "  refreshes and loads that yielded to heavier views (gateway_cache_refreshes_yielded_total, whole run): ${NOISY_YIELDED:-n/a}"
fi
echo
grep -v '^SSE_SUMMARY' "$WORK/sse.txt" 2>/dev/null | grep -v '^$' || true
echo "gateway during SSE phase: max RSS $(max_rss_mb "$SSE_T0" "$SSE_T1") MB, max heap used $(max_heap_mb "$SSE_T0" "$SSE_T1") MB (1 s samples); most upstream searches in any one-second window: $SSE_WINDOW_MAX"
echo
echo "gateway peak RSS up to the end of the SSE phase (VmHWM): $HWM_MB MB (before the SSE phase: $(awk '{printf "%.1f", $1 / 1024}' <<<"$HWM_BEFORE_SSE") MB); -Xmx$GW_HEAP"
echo "gateway heap after the SSE phase (jcmd GC.heap_info): $HEAP_INFO"
echo "gateway log: $GW_ERRORS ERROR lines, $GW_BLOCKED blocked-event-loop warnings, $GW_CIRCUIT 'circuit is open' load failures"
echo
echo "gateway metrics after the polling phases:"
sed 's/^/  /' <<<"$METRICS_AFTER_POLLING"
echo "gateway metrics after the SSE phase:"
sed 's/^/  /' <<<"$METRICS_AFTER_SSE"
if ((PROFILE_SECONDS > 0)); then
    echo
    echo "---- JFR execution samples, gateway under ${CONNECTIONS}c wrk for ${PROFILE_SECONDS}s (settings=profile) ----"
    top_frames "$WORK/gw-wrk.jfr"
    echo "---- JFR execution samples, gateway during the SSE phase (settings=default) ----"
    top_frames "$WORK/gw-sse.jfr"
fi
echo "=========================================================================="
