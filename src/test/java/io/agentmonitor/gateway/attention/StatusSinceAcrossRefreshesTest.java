package io.agentmonitor.gateway.attention;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Over the simulator, whose agents change status as a call center's do: an agent that keeps its
 * status keeps its {@code status_since} across refreshes, and every level is what the default
 * thresholds give its time in status as of the answer.
 */
@QuarkusTest
class StatusSinceAcrossRefreshesTest {

    private static final String PATH = "/api/v1/agent-monitor";

    @Inject
    ConvosoSimulator simulator;

    @Inject
    StatusThresholds thresholds;

    @Inject
    SnapshotCache cache;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
        cache.invalidateAll();
    }

    @Test
    void anAgentInTheSameStatusKeepsItsStartWhileTheAnswersMoveOn() throws Exception {
        JsonPath first = read();
        // Test freshness is 1 s: reads a few seconds later are served refreshed answers.
        Thread.sleep(2_000);
        JsonPath second = read();
        for (long end = System.nanoTime() + Duration.ofSeconds(15).toNanos(); second.getString("generated_at")
                .equals(first.getString("generated_at")) && System.nanoTime() < end;) {
            Thread.sleep(200);
            second = read();
        }
        assertNotEquals(first.getString("generated_at"), second.getString("generated_at"), "the view was refreshed");

        Map<String, Map<String, Object>> before = new HashMap<>();
        first.<Map<String, Object>>getList("agents").forEach(a -> before.put((String) a.get("user_id"), a));
        int kept = 0;
        for (Map<String, Object> agent : second.<Map<String, Object>>getList("agents")) {
            Map<String, Object> earlier = before.get(agent.get("user_id"));
            if (earlier != null && agent.get("status").equals(earlier.get("status"))
                    && ((Number) agent.get("status_time_sec")).longValue()
                            > ((Number) earlier.get("status_time_sec")).longValue()) {
                assertEquals(earlier.get("status_since"), agent.get("status_since"),
                        "agent " + agent.get("user_id") + " stayed " + agent.get("status"));
                kept++;
            }
        }
        assertTrue(kept > 0, "some agents kept their status between the two reads: " + first.getList("agents.status")
                + first.getList("agents.status_time_sec") + " then " + second.getList("agents.status")
                + second.getList("agents.status_time_sec"));
    }

    @Test
    void everyLevelIsTheThresholdsOfItsStatusAsOfTheAnswer() {
        JsonPath body = read();
        Instant generated = Instant.parse(body.getString("generated_at"));
        List<Map<String, Object>> agents = body.getList("agents");
        assertTrue(agents.stream().allMatch(a -> a.get("status_since") != null), "the simulator sends time in status");
        for (Map<String, Object> agent : agents) {
            Duration inStatus = Duration.between(Instant.parse((String) agent.get("status_since")), generated);
            assertEquals(thresholds.level((String) agent.get("status"), inStatus).wire(), agent.get("level"),
                    "agent " + agent.get("user_id") + ": " + agent.get("status") + " for " + inStatus);
        }
        long counted = body.<Map<String, Object>>getList("campaign_levels").stream()
                .mapToLong(c -> ((Number) c.get("ok")).longValue() + ((Number) c.get("warn")).longValue()
                        + ((Number) c.get("alert")).longValue())
                .sum();
        assertEquals(agents.size(), counted, "every agent counted once");
    }

    private static JsonPath read() {
        return given().auth().oauth2(TestTokens.supervisor()).get(PATH).then().statusCode(200).extract().jsonPath();
    }
}
