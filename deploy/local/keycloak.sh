#!/usr/bin/env bash
# The local Keycloak that stands in for the company's identity provider.
#
#   deploy/local/keycloak.sh start               fetch the distribution once, start Keycloak with the
#                                                agent-monitor realm (or reuse one already serving it),
#                                                wait until it answers, apply the demo users and grants
#   deploy/local/keycloak.sh stop                stop the Keycloak that `start` launched, nothing else
#   deploy/local/keycloak.sh status              say whether the realm answers and who started it
#   deploy/local/keycloak.sh reset               stop it and forget its database, so the next start
#                                                imports the realm file again (after editing it)
#   deploy/local/keycloak.sh token USER [PASS]   print an access token for a demo user (PASS defaults
#                                                to USER-demo), from the password grant
#
# run.sh, the test resources and the CI script use it; run.sh sources it to know whether it
# launched Keycloak itself (and so must stop it) or reused one.
#
# Environment (all optional):
#   KEYCLOAK_PORT                  HTTP port                                  (8180)
#   KEYCLOAK_VERSION               org.keycloak:keycloak-quarkus-dist version (26.7.3)
#   KEYCLOAK_EPHEMERAL             true keeps realm and users in memory, gone on stop: for tests and
#                                  CI running several Keycloaks side by side (false: target/keycloak)
#   KEYCLOAK_WAIT_SECONDS          how long to wait for the realm to answer   (180)
#   KEYCLOAK_LOG, KEYCLOAK_PID_FILE                     (target/keycloak.log, target/keycloak.pid)
#   KC_BOOTSTRAP_ADMIN_USERNAME, KC_BOOTSTRAP_ADMIN_PASSWORD  master realm admin (admin / admin)

set -euo pipefail

KC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
KEYCLOAK_EPHEMERAL="${KEYCLOAK_EPHEMERAL:-false}"
KEYCLOAK_WAIT_SECONDS="${KEYCLOAK_WAIT_SECONDS:-180}"
KEYCLOAK_LOG="${KEYCLOAK_LOG:-$KC_ROOT/target/keycloak.log}"
KEYCLOAK_PID_FILE="${KEYCLOAK_PID_FILE:-$KC_ROOT/target/keycloak.pid}"
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

KC_REALM="agent-monitor"
KC_TOKEN_CLIENT="agent-monitor-dashboard"
KC_BASE_URL="http://localhost:$KEYCLOAK_PORT"
KC_REALM_URL="$KC_BASE_URL/realms/$KC_REALM"
KC_TOKEN_URL="$KC_REALM_URL/protocol/openid-connect/token"
KC_CACHE_DIR="$KC_ROOT/target/keycloak"
KC_HOME="$KC_CACHE_DIR/keycloak-$KEYCLOAK_VERSION"
KC_REALM_FILE="$KC_ROOT/deploy/keycloak/agent-monitor-realm.json"
KC_DEMO_USERS_FILE="$KC_ROOT/deploy/keycloak/demo/agent-monitor-demo-users.json"

# Set by kc_start: true when this shell launched Keycloak and therefore owns stopping it.
KC_STARTED_HERE=false

kc_log() { echo "[keycloak] $*" >&2; }

kc_fail() {
    kc_log "ERROR: $*"
    return 1
}

kc_log_tail() {
    if [[ -f "$KEYCLOAK_LOG" ]]; then
        kc_log "last lines of $KEYCLOAK_LOG:"
        tail -n 30 "$KEYCLOAK_LOG" >&2
    fi
}

# The value of a top-level string field in a one-line JSON answer; jq may not be installed.
kc_json_field() {
    sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"
}

kc_realm_answers() {
    curl -fsS -o /dev/null --max-time 2 "$KC_REALM_URL/.well-known/openid-configuration" 2>/dev/null
}

kc_port_answers() {
    # Any HTTP answer counts; only "nothing listens" (curl exit 7) or a timeout mean free.
    curl -s -o /dev/null --max-time 2 "$KC_BASE_URL/" 2>/dev/null
}

kc_launched_pid() {
    [[ -f "$KEYCLOAK_PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$KEYCLOAK_PID_FILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    # A stale file may name a pid that now belongs to something else: leave that alone.
    ps -o args= -p "$pid" 2>/dev/null | grep -q -e 'kc\.sh' -e 'kc\.script\.pid' || return 1
    echo "$pid"
}

# Unpacks the distribution into target/keycloak once. Maven fetches the tar.gz into ~/.m2, so
# after `mvn clean` only the unpacking is repeated. Maven runs without the project's pom so a
# half-edited pom.xml never blocks Keycloak.
kc_ensure_distribution() {
    if [[ -x "$KC_HOME/bin/kc.sh" ]]; then
        return 0
    fi
    kc_log "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION through Maven (once)"
    local partial="$KC_CACHE_DIR/.partial"
    rm -rf "$partial"
    mkdir -p "$partial"
    (cd "$partial" && "$KC_ROOT/mvnw" -q -B \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
        -DoutputDirectory="$partial") ||
        { kc_fail "Maven could not fetch the Keycloak distribution"; return 1; }
    tar -xzf "$partial/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz" -C "$partial"
    # Renamed only once complete, so an interrupted unpack is never mistaken for a distribution.
    mv "$partial/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"
    rm -rf "$partial"
}

kc_launch() {
    kc_ensure_distribution
    # --import-realm reads <kc>/data/import and skips realms that already exist (the dev-file
    # database keeps them across restarts), so an edited realm file needs `keycloak.sh reset`.
    mkdir -p "$KC_HOME/data/import" "$(dirname "$KEYCLOAK_LOG")" "$(dirname "$KEYCLOAK_PID_FILE")"
    cp "$KC_REALM_FILE" "$KC_HOME/data/import/$KC_REALM-realm.json"

    kc_log "starting Keycloak $KEYCLOAK_VERSION on port $KEYCLOAK_PORT (log: $KEYCLOAK_LOG)"
    # Job control gives Keycloak its own process group: Ctrl-C in the terminal reaches only the
    # caller, which stops Keycloak in order, and kc_stop can signal kc.sh and its JVM together.
    local db_args=(--db=dev-file)
    if [[ "$KEYCLOAK_EPHEMERAL" == true ]]; then
        # Same H2 driver as dev-file, so the shared distribution is not rebuilt (the database kind
        # is a build-time option; changing it re-augments lib/ under any Keycloak still running).
        db_args+=("--db-url=jdbc:h2:mem:keycloak-$KEYCLOAK_PORT;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1")
    fi
    set -m
    "$KC_HOME/bin/kc.sh" start-dev \
        --http-port="$KEYCLOAK_PORT" \
        "${db_args[@]}" \
        --import-realm \
        >"$KEYCLOAK_LOG" 2>&1 </dev/null &
    local pid=$!
    set +m
    echo "$pid" >"$KEYCLOAK_PID_FILE"
    KC_STARTED_HERE=true
}

kc_await_realm() {
    local deadline=$((SECONDS + KEYCLOAK_WAIT_SECONDS))
    until kc_realm_answers; do
        if [[ "$KC_STARTED_HERE" == true ]] && ! kc_launched_pid >/dev/null; then
            rm -f "$KEYCLOAK_PID_FILE"
            kc_log_tail
            kc_fail "Keycloak exited before the realm '$KC_REALM' answered"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            kc_log_tail
            kc_fail "realm '$KC_REALM' did not answer at $KC_REALM_URL within ${KEYCLOAK_WAIT_SECONDS}s"
            return 1
        fi
        sleep 1
    done
}

kc_admin_token() {
    curl -fsS --max-time 10 "$KC_BASE_URL/realms/master/protocol/openid-connect/token" \
        -d grant_type=password -d client_id=admin-cli \
        --data-urlencode "username=$KC_BOOTSTRAP_ADMIN_USERNAME" \
        --data-urlencode "password=$KC_BOOTSTRAP_ADMIN_PASSWORD" | kc_json_field access_token
}

# Demo state lives outside the production realm file and goes in through the admin REST API:
# the demo users by partial import (existing users are skipped, so this is idempotent and also
# works on a reused Keycloak), and the password grant on the dashboard client so a curl can get
# a token. A real deployment imports only agent-monitor-realm.json and never runs this.
kc_apply_demo() {
    local admin_token client_id result
    admin_token="$(kc_admin_token)" || true
    if [[ -z "$admin_token" ]]; then
        kc_fail "no admin token for '$KC_BOOTSTRAP_ADMIN_USERNAME' from the master realm; set KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD to this Keycloak's admin"
        return 1
    fi
    local admin_url="$KC_BASE_URL/admin/realms/$KC_REALM"

    result="$(curl -fsS --max-time 30 -X POST "$admin_url/partialImport" \
        -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
        --data-binary @"$KC_DEMO_USERS_FILE")" ||
        { kc_fail "partial import of $KC_DEMO_USERS_FILE failed"; return 1; }
    kc_log "demo users: $(echo "$result" | grep -o '"added":[0-9]*'), $(echo "$result" | grep -o '"skipped":[0-9]*')"

    client_id="$(curl -fsS --max-time 10 "$admin_url/clients?clientId=$KC_TOKEN_CLIENT" \
        -H "Authorization: Bearer $admin_token" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d '"' -f 4)"
    if [[ -z "$client_id" ]]; then
        kc_fail "client $KC_TOKEN_CLIENT not found in realm $KC_REALM"
        return 1
    fi
    # A partial representation: Keycloak updates only the fields present.
    curl -fsS --max-time 10 -X PUT "$admin_url/clients/$client_id" \
        -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
        -d "{\"clientId\":\"$KC_TOKEN_CLIENT\",\"directAccessGrantsEnabled\":true}" ||
        { kc_fail "could not enable the password grant on $KC_TOKEN_CLIENT"; return 1; }
    kc_log "password grant enabled on $KC_TOKEN_CLIENT (demo only)"
}

kc_start() {
    local started_at=$SECONDS
    if kc_realm_answers; then
        kc_log "reusing the Keycloak already serving realm '$KC_REALM' at $KC_BASE_URL"
    elif kc_launched_pid >/dev/null; then
        # Launched earlier from this checkout and still booting.
        kc_log "Keycloak (pid $(kc_launched_pid)) is starting; waiting for it"
    elif kc_port_answers; then
        kc_fail "port $KEYCLOAK_PORT answers but not with realm '$KC_REALM'; stop that process or set KEYCLOAK_PORT"
        return 1
    else
        kc_launch
    fi
    kc_await_realm
    kc_apply_demo
    kc_log "realm '$KC_REALM' ready at $KC_REALM_URL after $((SECONDS - started_at))s"
}

kc_stop() {
    local pid
    if ! pid="$(kc_launched_pid)"; then
        rm -f "$KEYCLOAK_PID_FILE"
        kc_log "no Keycloak launched by this script is running"
        return 0
    fi
    kc_log "stopping Keycloak (process group $pid)"
    # kc.sh forwards TERM to its JVM; signalling the group covers both even if kc.sh is gone.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        kc_log "Keycloak ignored TERM for 30s; killing it"
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$KEYCLOAK_PID_FILE"
    KC_STARTED_HERE=false
}

kc_reset() {
    kc_stop
    if kc_realm_answers; then
        kc_fail "a Keycloak not started by this script still serves the realm; stop it first"
        return 1
    fi
    rm -rf "$KC_HOME/data/h2" "$KC_HOME/data/transaction-logs"
    kc_log "database forgotten; the next start imports $KC_REALM_FILE again"
}

kc_status() {
    if kc_realm_answers; then
        if kc_launched_pid >/dev/null; then
            echo "realm '$KC_REALM' answers at $KC_REALM_URL (Keycloak pid $(kc_launched_pid), started by this script)"
        else
            echo "realm '$KC_REALM' answers at $KC_REALM_URL (Keycloak not started by this script)"
        fi
    else
        echo "realm '$KC_REALM' does not answer at $KC_REALM_URL"
        return 1
    fi
}

# Prints an access token for USER from the password grant on the dashboard client.
kc_token() {
    local user="${1:?usage: keycloak.sh token USER [PASSWORD]}"
    local password="${2:-$user-demo}"
    local answer token
    answer="$(curl -sS --max-time 10 "$KC_TOKEN_URL" \
        -d grant_type=password -d client_id="$KC_TOKEN_CLIENT" \
        --data-urlencode "username=$user" --data-urlencode "password=$password")"
    token="$(echo "$answer" | kc_json_field access_token)"
    if [[ -z "$token" ]]; then
        kc_log "ERROR: no token for '$user': $answer"
        return 1
    fi
    echo "$token"
}

kc_main() {
    case "${1:-}" in
        start) kc_start ;;
        stop) kc_stop ;;
        status) kc_status ;;
        reset) kc_reset ;;
        token) shift; kc_token "$@" ;;
        *)
            echo "usage: $0 start|stop|status|reset|token USER [PASSWORD]" >&2
            return 2
            ;;
    esac
}

# Run as a command unless sourced as a library (by run.sh).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    kc_main "$@"
fi
