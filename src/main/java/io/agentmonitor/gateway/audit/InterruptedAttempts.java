package io.agentmonitor.gateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.ConvosoClient;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.agentmonitor.gateway.upstream.UpstreamErrorException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Gives an outcome to attempts that never got one: a gateway killed while the upstream call was
 * under way leaves its attempt without an outcome, although the upstream may have logged the agent
 * out. At start-up and every {@code gateway.audit.interrupted-sweep}, every attempt older than the
 * longest a logout may take gets the outcome {@code interrupted}, with whether the agent is logged
 * out now, where a search within the budget can tell. Replicas may sweep at once: an attempt gets
 * one outcome, whoever writes it first.
 */
@ApplicationScoped
public class InterruptedAttempts {

    private static final int BATCH = 50;

    private final AuditRepository repository;
    private final LogoutAuditTrail trail;
    private final ConvosoClient upstream;
    private final Duration sweep;
    private final Duration longestLogout;
    private final Duration searchBound;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timer;

    InterruptedAttempts(AuditRepository repository, LogoutAuditTrail trail, ConvosoClient upstream,
            GatewayConfig config) {
        this.repository = repository;
        this.trail = trail;
        this.upstream = upstream;
        this.sweep = config.audit().interruptedSweep();
        this.searchBound = config.upstream().timeout().plusSeconds(5);
        // The lookup, the logout call (each bounded by the upstream timeout) and the outcome's write.
        this.longestLogout = searchBound.multipliedBy(2).plus(config.audit().writeTimeout());
    }

    void start(@Observes StartupEvent event) {
        timer = AuditTimers.single("audit-interrupted");
        long period = Math.max(1, sweep.toMillis());
        timer.scheduleWithFixedDelay(this::sweep, 0, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Ends every attempt left without an outcome for longer than a logout may take; answers how many. */
    int sweep() {
        int ended = 0;
        try {
            Instant before = clock.instant().minus(longestLogout);
            List<LogoutRecord> stale;
            do {
                stale = repository.withoutOutcome(before, BATCH);
                for (LogoutRecord attempt : stale) {
                    if (trail.interrupted(attempt, OutcomeDetail.interrupted(nowState(attempt.userId())))) {
                        ended++;
                    }
                }
            } while (stale.size() == BATCH && !Thread.currentThread().isInterrupted());
            if (ended > 0) {
                Log.warnf("%d logout attempt(s) had no outcome (the gateway stopped during them): recorded as interrupted",
                        ended);
            }
        } catch (RuntimeException e) {
            Log.warnf("Interrupted logout attempts could not be swept: %s", e.getMessage());
        }
        return ended;
    }

    /** Whether the agent is logged out now, as a search within the budget tells, or why it cannot tell. */
    private String nowState(String userId) {
        try {
            AgentMonitorSnapshot snapshot = upstream.search(SearchQuery.of(null, null, userId, null)).await()
                    .atMost(searchBound);
            Agent agent = snapshot.agents().stream().filter(a -> userId.equals(a.userId())).findFirst().orElse(null);
            if (agent == null) {
                return "agent logged out now: unknown (the upstream lists no agent " + userId + ")";
            }
            return "LOGGED_OUT".equals(agent.status()) ? "agent logged out now: yes"
                    : "agent logged out now: no (status " + agent.status() + ")";
        } catch (UpstreamErrorException e) {
            return e.hasCode(UpstreamErrorException.INVALID_USER)
                    ? "agent logged out now: unknown (the upstream knows no agent " + userId + ")"
                    : "agent logged out now: unknown (the upstream answered " + e.code() + ")";
        } catch (RuntimeException e) {
            return "agent logged out now: unknown (no search: " + e.getClass().getSimpleName() + ")";
        }
    }
}
