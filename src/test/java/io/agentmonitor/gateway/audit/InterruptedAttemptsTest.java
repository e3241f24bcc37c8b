package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.newestRecordOf;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.agentmonitor.gateway.audit.AuditTestSupport.verify;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * An attempt left without an outcome (the gateway stopped during the upstream call) gets the
 * outcome {@code interrupted} from the sweep, saying whether the agent is logged out now; an attempt
 * still within the time a logout may take is left alone, the chain stays valid, and a retry with the
 * attempt's Idempotency-Key is told what happened.
 */
@QuarkusTest
@TestProfile(EmbeddedAuditProfile.class)
class InterruptedAttemptsTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    AuditChain chain;

    @Inject
    InterruptedAttempts interrupted;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void anAttemptWithoutOutcomeIsInterruptedAndSaysWhetherTheAgentIsLoggedOutNow() {
        String stillIn = readyAgent(simulator, "111", 25);
        String loggedOut = readyAgent(simulator, "111", 26);
        String recent = readyAgent(simulator, "111", 27);
        String key = UUID.randomUUID().toString();
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        begun(stillIn, longAgo, key);
        begun(loggedOut, longAgo, null);
        begun(recent, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
        simulator.setStatus(loggedOut, "LOGGED_OUT"); // the upstream had logged it out before the gateway died

        assertTrue(interrupted.sweep() >= 2);

        JsonPath first = newestRecordOf(stillIn);
        assertEquals("interrupted", first.getString("outcome"));
        assertEquals("logout-interrupted", first.getString("problem_type"));
        assertEquals("agent logged out now: no (status READY)", first.getString("message"));
        assertEquals("agent logged out now: yes", newestRecordOf(loggedOut).getString("message"));
        assertEquals("pending", newestRecordOf(recent).getString("outcome"), "it may still be under way");
        assertEquals(0, interrupted.sweep(), "an attempt gets one outcome");
        assertTrue(verify().getBoolean("valid"));

        AuditTestSupport.logout(manager111(), stillIn, "Retry after the crash", key).statusCode(409)
                .body("type", endsWith("/logout-interrupted"))
                .body("detail", containsString("agent logged out now: no"));
    }

    /** An attempt committed as a logout begins, which never got to its outcome. */
    private void begun(String userId, Instant at, String key) {
        String id = UUID.randomUUID().toString();
        AuditEntry attempt = new AuditEntry(0, id, AuditEntry.EntryKind.ATTEMPT, id, at, "sub-maria", "maria",
                "agent-manager,monitor-viewer", "127.0.0.1", "audit-test/1.0", UUID.randomUUID().toString(), userId,
                "111", "End of shift", key, null, null, null, null, null, null, null);
        chain.append(List.of(attempt), key == null ? null : new IdempotencyClaim("sub-maria", key, id, userId, at));
    }
}
