package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.managerOfAll;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.agentmonitor.gateway.audit.AuditTestSupport.uniqueName;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatorFault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

@QuarkusTest
@TestProfile(EmbeddedAuditProfile.class)
class LogoutIdempotencyTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    HealthyUpstream upstream;

    @BeforeEach
    @AfterEach
    void resetSimulator() {
        upstream.restore();
    }

    @Test
    void repeatedRequestReturnsTheFirstOutcomeWithoutASecondUpstreamCall() {
        String agent = readyAgent(simulator, "111", 8);
        String key = uniqueName("key");
        Map<String, Object> first = logout(manager111(), agent, "Shift over", key).statusCode(200)
                .extract().jsonPath().getMap("$");
        simulator.setStatus(agent, "READY");

        Map<String, Object> second = logout(manager111(), agent, "Shift over", key).statusCode(200)
                .extract().jsonPath().getMap("$");

        assertEquals(first, second);
        assertEquals(1, simulator.logoutCalls());
        assertEquals("READY", simulator.agent(agent).orElseThrow().status());
    }

    @Test
    void repeatedFailedRequestReplaysTheSameProblem() {
        String agent = readyAgent(simulator, "112", 2);
        simulator.setStatus(agent, "LOGGED_OUT");
        String key = uniqueName("key");
        logout(manager111(), agent, "Again", key).statusCode(409).body("upstream_code", equalTo(6012));
        String detail = logout(manager111(), agent, "Again", key).statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/agent-not-logged-in"))
                .body("upstream_code", equalTo(6012))
                .extract().path("detail");

        assertEquals("Agent " + agent + " is not logged in.", detail);
        assertEquals(1, simulator.logoutCalls());
    }

    @Test
    void aRetryAfterTheAgentLookupFailedIsTriedAfreshWithTheSameKey() {
        String agent = readyAgent(simulator, "111", 14);
        String key = uniqueName("key");
        simulator.fault(SimulatorFault.SERVER_ERROR);
        logout(manager111(), agent, "Shift over", key).statusCode(anyOf(equalTo(502), equalTo(503)))
                .contentType("application/problem+json");
        assertEquals(0, simulator.logoutCalls());

        simulator.fault(SimulatorFault.NONE);
        CircuitBreakerMaintenance.get().resetAll();
        logout(manager111(), agent, "Shift over", key).statusCode(200).body("user_id", equalTo(agent));

        assertEquals(1, simulator.logoutCalls());
        assertEquals("LOGGED_OUT", simulator.agent(agent).orElseThrow().status());
        // The retry's answer is now the key's: a third request replays it without calling again.
        logout(manager111(), agent, "Shift over", key).statusCode(200).body("user_id", equalTo(agent));
        assertEquals(1, simulator.logoutCalls());
    }

    @Test
    void aRefusalOutOfScopeStillBindsItsKey() {
        String agent = readyAgent(simulator, "222", 3);
        String key = uniqueName("key");
        logout(manager111(), agent, "Not mine", key).statusCode(403);

        logout(manager111(), agent, "Not mine", key).statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        assertEquals(0, simulator.logoutCalls());
    }

    @Test
    void keysAreScopedToTheCaller() {
        String key = uniqueName("key");
        String first = logout(manager111(), readyAgent(simulator, "111", 9), "Mine", key).statusCode(200)
                .extract().path("audit_id");
        String second = logout(managerOfAll(), readyAgent(simulator, "111", 10), "Also mine", key)
                .statusCode(200).extract().path("audit_id");

        assertNotEquals(first, second);
        assertEquals(2, simulator.logoutCalls());
    }

    @Test
    void keyReusedForAnotherAgentIsRefused() {
        String key = uniqueName("key");
        logout(manager111(), readyAgent(simulator, "111", 11), "First", key).statusCode(200);

        logout(manager111(), readyAgent(simulator, "111", 12), "Second", key)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/idempotency-key-reused"));
        assertEquals(1, simulator.logoutCalls());
    }

    @Test
    void malformedKeyIsABadRequest() {
        logout(manager111(), readyAgent(simulator, "111", 13), "Bad key", "x".repeat(129))
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(0, simulator.logoutCalls());
    }
}
