package io.agentmonitor.gateway.attention;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/**
 * When each agent's current status began. From {@code status_time_sec} it is the answer's fetch time
 * less that many seconds, in whole seconds; since that moves by a second or so between answers
 * (rounding, the upstream's own clock, the time a search takes), an agent still in the status it had
 * in the previous answer keeps the previous value while the two agree within {@link #TOLERANCE}. A
 * status that began again (paused, ready, paused between two answers) counts from its new start.
 */
public final class StatusSince {

    /** How far a new derivation may drift from the previous one and still be the same status episode. */
    static final Duration TOLERANCE = Duration.ofSeconds(5);

    private StatusSince() {
    }

    /**
     * {@code fresh} with {@code status_since} on every agent whose time in status is known;
     * {@code previous} (may be null) is the view's answer before it.
     */
    public static AgentMonitorSnapshot stamp(AgentMonitorSnapshot fresh, Instant fetchedAt,
            AgentMonitorSnapshot previous) {
        Map<String, Agent> before = new HashMap<>();
        if (previous != null) {
            previous.agents().forEach(a -> before.put(a.userId(), a));
        }
        List<Agent> agents = fresh.agents().stream().map(a -> stamp(a, fetchedAt, before.get(a.userId()))).toList();
        return new AgentMonitorSnapshot(agents, fresh.callData(), fresh.queueDialableLeads(), fresh.queueCallsToday(),
                fresh.queueDropped(), fresh.queueAnswered(), fresh.agentTotal(), fresh.agentIncall(),
                fresh.agentReady(), fresh.agentPaused(), fresh.campaigns(), fresh.queues());
    }

    private static Agent stamp(Agent agent, Instant fetchedAt, Agent before) {
        Instant since = agent.statusSince();
        if (agent.statusTimeSec() != null) {
            since = fetchedAt.minusSeconds(Math.max(0, agent.statusTimeSec())).truncatedTo(ChronoUnit.SECONDS);
        }
        if (since == null) {
            return agent;
        }
        if (before != null && before.statusSince() != null && Objects.equals(before.status(), agent.status())
                && Duration.between(before.statusSince(), since).abs().compareTo(TOLERANCE) <= 0) {
            since = before.statusSince();
        }
        return since.equals(agent.statusSince()) ? agent : agent.withStatusSince(since);
    }
}
