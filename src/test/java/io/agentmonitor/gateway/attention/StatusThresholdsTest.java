package io.agentmonitor.gateway.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.attention.StatusThresholds.Threshold;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.AttentionLevel;

/** The level an agent's time in status gives, by the thresholds of its status. */
class StatusThresholdsTest {

    private final StatusThresholds thresholds = new StatusThresholds(Map.of(
            "PAUSED", new Threshold(Duration.ofMinutes(10), Duration.ofMinutes(15)),
            "hold", new Threshold(Duration.ofSeconds(30), null),
            "WRAP", new Threshold(null, Duration.ofMinutes(5))));

    @Test
    void levelsChangeAtEachThresholdAndStatusesWithoutThemStayOk() {
        assertEquals(AttentionLevel.OK, thresholds.level("PAUSED", Duration.ofSeconds(599)));
        assertEquals(AttentionLevel.WARN, thresholds.level("PAUSED", Duration.ofMinutes(10)));
        assertEquals(AttentionLevel.ALERT, thresholds.level("PAUSED", Duration.ofMinutes(15)));
        assertEquals(AttentionLevel.WARN, thresholds.level("HOLD", Duration.ofHours(3)), "only warn configured");
        assertEquals(AttentionLevel.ALERT, thresholds.level("wrap", Duration.ofMinutes(6)), "status in any case");
        assertEquals(AttentionLevel.OK, thresholds.level("WRAP", Duration.ofMinutes(4)));
        assertEquals(AttentionLevel.OK, thresholds.level("READY", Duration.ofHours(8)));
        assertEquals(AttentionLevel.OK, thresholds.level("PAUSED", null), "time in status unknown");
    }

    @Test
    void eachAgentIsLevelledAsOfItsAnswer() {
        Instant fetched = Instant.parse("2026-12-07T09:00:00.400Z");
        AgentMonitorSnapshot answer = StatusSince.stamp(StatusSinceTest.answer(
                StatusSinceTest.agent("1", "PAUSED", 599L), StatusSinceTest.agent("2", "PAUSED", 600L),
                StatusSinceTest.agent("3", "PAUSED", 900L), StatusSinceTest.agent("4", "BREAK", 5000L),
                StatusSinceTest.agent("5", "PAUSED", null)), fetched, null);
        assertEquals(List.of(AttentionLevel.OK, AttentionLevel.WARN, AttentionLevel.ALERT, AttentionLevel.OK,
                AttentionLevel.OK), thresholds.levels(answer, fetched).agents().stream().map(a -> a.level()).toList());
    }

    @Test
    void aThresholdThatCannotWorkStopsTheStartWithItsKey() {
        IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class, () -> new StatusThresholds(
                Map.of("PAUSED", new Threshold(Duration.ofMinutes(15), Duration.ofMinutes(10)))));
        assertTrue(backwards.getMessage().contains("gateway.thresholds.PAUSED.alert"), backwards.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new StatusThresholds(Map.of("WRAP", new Threshold(Duration.ZERO, null))));
        assertTrue(zero.getMessage().contains("gateway.thresholds.WRAP"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StatusThresholds(Map.of(
                "PAUSED", new Threshold(Duration.ofMinutes(1), null), "paused", new Threshold(Duration.ofMinutes(2), null))));
    }
}
