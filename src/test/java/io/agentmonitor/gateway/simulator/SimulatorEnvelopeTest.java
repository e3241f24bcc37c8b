package io.agentmonitor.gateway.simulator;

import static io.agentmonitor.gateway.simulator.SimulatorApi.CONTROL;
import static io.agentmonitor.gateway.simulator.SimulatorApi.search;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SimulatorEnvelopeTest {

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void nestedEnvelopeWrapsAgentsInDataEntriesWithoutRootAggregates() {
        simulator.envelope(GatewayConfig.Envelope.NESTED);

        JsonNode body = SimulatorApi.json(search("campaign_id", "111"));

        assertEquals(List.of("success", "data"), names(body));
        JsonNode entries = body.path("data").path("entries");
        assertEquals(List.of("success", "code", "campaigns", "queues", "agents"), names(entries));
        assertTrue(entries.path("success").booleanValue());
        assertEquals(200, entries.path("code").intValue());
        assertEquals(111, entries.path("campaigns").path(0).path("value").numberValue());
        assertEquals(1, entries.path("campaigns").size());
        assertEquals(1111L, entries.path("queues").path(0).path("value").longValue());
        assertTrue(entries.path("queues").path(0).path("value").isNumber());
        assertFalse(entries.path("agents").isEmpty());
        for (JsonNode agent : entries.path("agents")) {
            assertTrue(agent.path("calls_today").isTextual(), "calls_today as a string");
            assertTrue(agent.path("total_calls").isNumber(), "total_calls as a number");
            assertTrue(agent.path("queue_assignment_ids").isArray());
            assertTrue(agent.path("last_state_change").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));
            for (String extra : List.of("list_name", "availability_id", "status", "user_full_name")) {
                assertTrue(agent.has(extra), extra);
            }
            assertEquals("111", agent.path("campaign_id").asText());
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void envelopeSwitchesBackAndForthAtRuntime() {
        given().put(CONTROL + "/envelope/nested").then().statusCode(200).body("envelope", is("NESTED"));
        search().then().body("$", hasKey("data"));

        given().put(CONTROL + "/envelope/flat").then().statusCode(200);
        search().then().body("$", hasKey("agent_total")).body("$", not(hasKey("data")));
    }

    @Test
    void resetRestoresTheConfiguredEnvelope() {
        simulator.envelope(GatewayConfig.Envelope.NESTED);

        simulator.reset();

        assertEquals(GatewayConfig.Envelope.FLAT, simulator.envelope());
    }
}
