package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(EmbeddedAuditProfile.class)
class AuditLogTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    ObjectMapper json;

    @Test
    void eachAuditEntryIsOneJsonLineOnTheAuditCategoryWithoutSecrets() throws Exception {
        simulator.reset();
        String agent = readyAgent(simulator, "111", 22);
        List<String> lines = AuditTestSupport.auditLines(
                () -> logout(manager111(), agent, "Shift over\",\"forged\":\"yes").statusCode(200));

        List<String> own = lines.stream().filter(line -> line.contains("\"target_user_id\":\"" + agent + "\""))
                .toList();
        assertEquals(2, own.size(), own.toString());
        JsonNode attempt = json.readTree(own.get(0));
        JsonNode outcome = json.readTree(own.get(1));
        assertEquals("logout.attempt", attempt.path("event").asText());
        assertEquals("Shift over\",\"forged\":\"yes", attempt.path("reason").asText());
        assertFalse(attempt.has("forged"));
        assertEquals("maria", attempt.path("actor_username").asText());
        assertEquals("logout.outcome", outcome.path("event").asText());
        assertEquals("succeeded", outcome.path("outcome").asText());
        assertEquals(attempt.path("id").asText(), outcome.path("attempt_id").asText());
        assertEquals(attempt.path("entry_hash").asText(), outcome.path("prev_hash").asText());
        own.forEach(line -> assertFalse(line.contains("test-convoso-token"), line));
    }
}
