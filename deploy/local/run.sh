#!/usr/bin/env bash
# The whole stack on one machine, no Docker: Keycloak with the agent-monitor realm and its demo
# users, then the gateway in dev mode against the built-in Convoso simulator.
#
#   deploy/local/run.sh            Keycloak and the gateway; Ctrl-C stops both
#   deploy/local/run.sh keycloak   Keycloak only, for a gateway run from an IDE; Ctrl-C stops it
#
# Stops on exit only what it started: a Keycloak that already served the realm is left running.
# Environment (all optional): KEYCLOAK_PORT and the rest of keycloak.sh's variables, and
#   GATEWAY_WAIT_SECONDS  how long to wait for the gateway to be ready (600; the first run
#                         downloads the project's dependencies)
#   GATEWAY_DEBUG_PORT    a port for a Java debugger to attach to the gateway (none by default)

set -euo pipefail

# shellcheck source=deploy/local/keycloak.sh
source "$(dirname "${BASH_SOURCE[0]}")/keycloak.sh"

ROOT="$KC_ROOT"
# Fixed: the dashboard client's redirect URIs and web origins in the realm name this port.
GATEWAY_URL="http://localhost:8080"
GATEWAY_LOG="$ROOT/target/gateway.log"
GATEWAY_WAIT_SECONDS="${GATEWAY_WAIT_SECONDS:-600}"
GATEWAY_PID=""

log() { echo "[run] $*" >&2; }

fail() {
    log "ERROR: $*"
    exit 1
}

stop_gateway() {
    [[ -n "$GATEWAY_PID" ]] || return 0
    if kill -0 "$GATEWAY_PID" 2>/dev/null; then
        log "stopping the gateway (process group $GATEWAY_PID)"
        # The group holds Maven and the dev-mode JVM it forked.
        kill -TERM -- "-$GATEWAY_PID" 2>/dev/null || true
        local deadline=$((SECONDS + 30))
        while kill -0 "$GATEWAY_PID" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.5
        done
        kill -KILL -- "-$GATEWAY_PID" 2>/dev/null || true
    fi
    GATEWAY_PID=""
}

cleanup() {
    local status=$?
    trap - INT TERM EXIT
    stop_gateway
    if [[ "$KC_STARTED_HERE" == true ]]; then
        kc_stop
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_gateway() {
    if curl -s -o /dev/null --max-time 2 "$GATEWAY_URL/"; then
        fail "something already answers at $GATEWAY_URL; stop it first (the realm's redirect URIs expect the gateway on port 8080)"
    fi
    log "starting the gateway: ./mvnw quarkus:dev (log: $GATEWAY_LOG)"
    mkdir -p "$(dirname "$GATEWAY_LOG")"
    # Own process group (job control), so cleanup can stop Maven and its forked JVM together.
    set -m
    # No debugger listening unless asked for (GATEWAY_DEBUG_PORT=5005), no build-analytics prompt.
    (cd "$ROOT" && exec ./mvnw --no-transfer-progress quarkus:dev -Dquarkus.console.enabled=false \
        -Ddebug="${GATEWAY_DEBUG_PORT:-false}" -Dquarkus.analytics.disabled=true \
        -Dquarkus.oidc.auth-server-url="$KC_REALM_URL") >"$GATEWAY_LOG" 2>&1 </dev/null &
    GATEWAY_PID=$!
    set +m
}

gateway_log_tail() {
    log "last lines of $GATEWAY_LOG:"
    tail -n 40 "$GATEWAY_LOG" >&2
}

await_gateway() {
    local started_at=$SECONDS
    local deadline=$((SECONDS + GATEWAY_WAIT_SECONDS))
    until curl -fsS -o /dev/null --max-time 2 "$GATEWAY_URL/q/health/ready" 2>/dev/null; do
        if ! kill -0 "$GATEWAY_PID" 2>/dev/null; then
            gateway_log_tail
            if grep -q -E 'COMPILATION ERROR|Compilation failure' "$GATEWAY_LOG"; then
                fail "the gateway does not compile (errors above, full log in $GATEWAY_LOG)"
            fi
            fail "the gateway exited before it was ready (full log in $GATEWAY_LOG)"
        fi
        # Dev mode stays alive after a failed start, waiting for a fix; waiting longer is useless.
        if grep -q -E 'Failed to start application|Failed to start quarkus' "$GATEWAY_LOG"; then
            gateway_log_tail
            fail "the gateway compiled but failed to start (full log in $GATEWAY_LOG)"
        fi
        if ((SECONDS >= deadline)); then
            gateway_log_tail
            fail "the gateway was not ready at $GATEWAY_URL/q/health/ready within ${GATEWAY_WAIT_SECONDS}s"
        fi
        sleep 2
    done
    log "gateway ready after $((SECONDS - started_at))s"
}

print_keycloak_guide() {
    cat <<EOF

Keycloak    $KC_BASE_URL   (admin console: $KC_BASE_URL/admin, $KC_BOOTSTRAP_ADMIN_USERNAME / $KC_BOOTSTRAP_ADMIN_PASSWORD)
Realm       $KC_REALM_URL

Demo users (realm agent-monitor; password = username + "-demo")
  user        password          realm roles                    group          campaigns
  supervisor  supervisor-demo   monitor-viewer                 campaign-111   111
  manager     manager-demo      monitor-viewer, agent-manager  east-managers  111, 112 (may log agents out)
  admin       admin-demo        monitor-viewer, monitor-admin  -              all
  auditor     auditor-demo      auditor                        -              none (reads the audit trail)
  nocampaign  nocampaign-demo   monitor-viewer                 -              none (sees nothing)

Get a token (access tokens live 5 minutes):
  TOKEN=\$(curl -s $KC_TOKEN_URL \\
    -d grant_type=password -d client_id=$KC_TOKEN_CLIENT \\
    -d username=supervisor -d password=supervisor-demo \\
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  or: TOKEN=\$(deploy/local/keycloak.sh token supervisor)
EOF
}

print_gateway_guide() {
    cat <<EOF

Wallboard   $GATEWAY_URL/   (sign in as one of the demo users)

Try:
  curl -s -H "Authorization: Bearer \$TOKEN" $GATEWAY_URL/api/v1/me
  curl -s -H "Authorization: Bearer \$TOKEN" $GATEWAY_URL/api/v1/agent-monitor
  curl -s -H "Authorization: Bearer \$TOKEN" '$GATEWAY_URL/api/v1/agent-monitor?campaign_id=111'

Logs: $GATEWAY_LOG, $KEYCLOAK_LOG. Ctrl-C stops what this script started.
EOF
}

main() {
    case "${1:-}" in
        "")
            # Checked before Keycloak's minute of start-up, not after.
            if curl -s -o /dev/null --max-time 2 "$GATEWAY_URL/"; then
                fail "something already answers at $GATEWAY_URL; stop it first (the realm's redirect URIs expect the gateway on port 8080)"
            fi
            kc_start
            start_gateway
            await_gateway
            print_keycloak_guide
            print_gateway_guide
            wait "$GATEWAY_PID" || true
            log "the gateway exited (see $GATEWAY_LOG)"
            ;;
        keycloak)
            kc_start
            print_keycloak_guide
            if [[ "$KC_STARTED_HERE" != true ]]; then
                log "this Keycloak was already running and stays so; nothing to wait for"
                return 0
            fi
            echo
            echo "Run the gateway from your IDE (dev profile). Ctrl-C stops Keycloak."
            wait "$(cat "$KEYCLOAK_PID_FILE")" || true
            log "Keycloak exited (see $KEYCLOAK_LOG)"
            ;;
        *)
            echo "usage: $0 [keycloak]" >&2
            exit 2
            ;;
    esac
}

main "$@"
