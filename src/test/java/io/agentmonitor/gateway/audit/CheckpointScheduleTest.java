package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.checkpointLines;
import static io.agentmonitor.gateway.audit.AuditTestSupport.checkpointLinesUntil;
import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.agentmonitor.gateway.audit.AuditTestSupport.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Checkpoints come by themselves: every interval while nothing happens, and after every N entries;
 * each is one {@code audit.checkpoint} line on the {@code audit} log, and the trail verifies.
 */
@QuarkusTest
@TestProfile(CheckpointScheduleTest.OftenProfile.class)
class CheckpointScheduleTest {

    /** A checkpoint every second and after every second entry, on a store of its own. */
    public static class OftenProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new EmbeddedAuditProfile().getConfigOverrides());
            config.put("%test.quarkus.datasource.jdbc.url", "jdbc:h2:mem:checkpoint-schedule;DB_CLOSE_DELAY=-1");
            config.put("gateway.audit.checkpoints.interval", "1s");
            config.put("gateway.audit.checkpoints.every-entries", "2");
            return config;
        }
    }

    @Inject
    ConvosoSimulator simulator;

    @Test
    void anIdleGatewayStillSignsEveryIntervalAndAnActiveOneAfterEveryNEntries() throws Exception {
        List<String> idle = checkpointLines(() -> sleep(2_500));
        assertTrue(idle.size() >= 2, "a checkpoint every second while nothing happens: " + idle);
        assertTrue(idle.stream().allMatch(line -> line.contains("\"reason\":\"interval\"")), idle.toString());

        simulator.reset();
        List<String> agents = List.of(readyAgent(simulator, "111", 28), readyAgent(simulator, "111", 29),
                readyAgent(simulator, "111", 30));
        // The entries checkpoint is taken on the checkpoint timer, after the logout has answered. Three
        // logouts (six entries): an interval checkpoint between one's attempt and its outcome vouches
        // for the attempt, and then that logout alone brings no two new entries.
        List<String> busy = checkpointLinesUntil(
                () -> agents.forEach(agent -> logout(manager111(), agent, "End of shift").statusCode(200)),
                line -> line.contains("\"reason\":\"entries\""), Duration.ofSeconds(30));
        assertTrue(busy.stream().anyMatch(line -> line.contains("\"reason\":\"entries\"")), busy.toString());

        // The last logout's entries may follow that checkpoint: the next one (by entries or by the
        // interval) vouches for them.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> verify().getLong("entries_after_last_checkpoint") == 0);
        JsonPath report = verify();
        assertTrue(report.getBoolean("valid"), report.prettify());
        assertEquals(0, report.getLong("entries_after_last_checkpoint"));
        assertFalse(report.getString("last_checkpoint.replica").isEmpty());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
