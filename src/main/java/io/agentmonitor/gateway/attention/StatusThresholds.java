package io.agentmonitor.gateway.attention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.AttentionLevel;
import io.quarkus.runtime.Startup;

/**
 * The time-in-status thresholds of {@code gateway.thresholds.*}, checked at start-up (a threshold
 * must be positive, {@code alert} not before {@code warn}), and the level they give an agent.
 */
@ApplicationScoped
@Startup
public class StatusThresholds {

    private final Map<String, Threshold> byStatus;
    private final String fingerprint;

    @Inject
    StatusThresholds(GatewayConfig config) {
        this(config.thresholds().entrySet().stream().collect(Collectors.toMap(e -> e.getKey(),
                e -> new Threshold(e.getValue().warn().orElse(null), e.getValue().alert().orElse(null)))));
    }

    /** @param thresholds by status code (any case) */
    public StatusThresholds(Map<String, Threshold> thresholds) {
        Map<String, Threshold> sorted = new TreeMap<>();
        thresholds.forEach((status, threshold) -> {
            String code = status.toUpperCase(Locale.ROOT);
            check(code, threshold);
            if (sorted.put(code, threshold) != null) {
                throw new IllegalArgumentException("gateway.thresholds." + status + " is configured twice, in different cases");
            }
        });
        this.byStatus = Map.copyOf(sorted);
        this.fingerprint = sorted.toString();
    }

    /** Thresholds by status code, upper case, in order. */
    public Map<String, Threshold> byStatus() {
        return new TreeMap<>(byStatus);
    }

    /** Changes whenever a threshold does: part of every entity tag, since levels are part of the body. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The level of {@code inStatus} in {@code status} (null: unknown, which is {@code ok}). */
    public AttentionLevel level(String status, Duration inStatus) {
        Threshold threshold = status == null || inStatus == null ? null : byStatus.get(status.toUpperCase(Locale.ROOT));
        if (threshold == null) {
            return AttentionLevel.OK;
        }
        if (threshold.alert() != null && inStatus.compareTo(threshold.alert()) >= 0) {
            return AttentionLevel.ALERT;
        }
        if (threshold.warn() != null && inStatus.compareTo(threshold.warn()) >= 0) {
            return AttentionLevel.WARN;
        }
        return AttentionLevel.OK;
    }

    /** {@code answer} with each agent's level as of {@code asOf}, the time the answer was fetched. */
    public AgentMonitorSnapshot levels(AgentMonitorSnapshot answer, Instant asOf) {
        List<Agent> agents = answer.agents().stream().map(a -> a.withLevel(level(a.status(),
                a.statusSince() == null ? null : max0(Duration.between(a.statusSince(), asOf))))).toList();
        return new AgentMonitorSnapshot(agents, answer.callData(), answer.queueDialableLeads(),
                answer.queueCallsToday(), answer.queueDropped(), answer.queueAnswered(), answer.agentTotal(),
                answer.agentIncall(), answer.agentReady(), answer.agentPaused(), answer.campaigns(), answer.queues());
    }

    private static Duration max0(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static void check(String status, Threshold threshold) {
        String key = "gateway.thresholds." + status;
        if (threshold.warn() != null && (threshold.warn().isNegative() || threshold.warn().isZero())
                || threshold.alert() != null && (threshold.alert().isNegative() || threshold.alert().isZero())) {
            throw new IllegalArgumentException(key + ": thresholds must be positive durations");
        }
        if (threshold.warn() != null && threshold.alert() != null && threshold.alert().compareTo(threshold.warn()) < 0) {
            throw new IllegalArgumentException(key + ".alert (" + threshold.alert() + ") comes before " + key
                    + ".warn (" + threshold.warn() + ")");
        }
    }

    /** One status's thresholds; either may be absent. */
    public record Threshold(Duration warn, Duration alert) {
    }
}
