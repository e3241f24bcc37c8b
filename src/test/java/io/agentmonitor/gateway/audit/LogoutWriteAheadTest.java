package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.newestRecordOf;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.agentmonitor.gateway.audit.AuditTestSupport.sql;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatorFault;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@TestProfile(EmbeddedAuditProfile.class)
class LogoutWriteAheadTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void auditStoreUnavailableRefusesTheLogoutWithoutCallingTheUpstream() {
        String agent = readyAgent(simulator, "111", 5);
        sql(dataSource, "ALTER TABLE audit_entry RENAME TO audit_entry_offline");
        try {
            logout(manager111(), agent, "Store is down")
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("/problems/audit-unavailable"));
        } finally {
            sql(dataSource, "ALTER TABLE audit_entry_offline RENAME TO audit_entry");
        }
        assertEquals(0, simulator.logoutCalls());
        assertEquals("READY", simulator.agent(agent).orElseThrow().status());
        assertNotEquals("Store is down", newestRecordOf(agent).getString("reason"));
    }

    @Test
    void upstreamBusinessErrorEndsTheRecordAsFailed() {
        String agent = readyAgent(simulator, "111", 6);
        simulator.logoutFault(SimulatorFault.FAILURE);

        logout(manager111(), agent, "Upstream says no")
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/upstream-error"));

        assertEquals(1, simulator.logoutCalls());
        JsonPath record = newestRecordOf(agent);
        assertEquals("failed", record.getString("outcome"));
        assertEquals(502, record.getInt("http_status"));
        assertEquals("Internal failure", record.getString("message"));
    }

    @Test
    void upstreamServerErrorIsAnUnavailableProblemAndIsNeverRetried() {
        String agent = readyAgent(simulator, "112", 1);
        simulator.logoutFault(SimulatorFault.SERVER_ERROR);

        logout(manager111(), agent, "Upstream is broken")
                .statusCode(503)
                .body("type", equalTo("/problems/upstream-unavailable"));

        assertEquals(1, simulator.logoutCalls());
        JsonPath record = newestRecordOf(agent);
        assertEquals("failed", record.getString("outcome"));
        assertEquals("upstream-unavailable", record.getString("problem_type"));
    }

    @Test
    void attemptIsCommittedAndPendingWhileTheUpstreamIsCalled() {
        String agent = readyAgent(simulator, "111", 7);
        simulator.logoutFault(SimulatorFault.SLOW);

        CompletableFuture<ValidatableResponse> call = CompletableFuture
                .supplyAsync(() -> logout(manager111(), agent, "Slow upstream"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> "Slow upstream".equals(newestRecordOf(agent).getString("reason"))
                        && "pending".equals(newestRecordOf(agent).getString("outcome")));
        assertNull(newestRecordOf(agent).getString("completed_at"));

        call.join().statusCode(504).body("type", equalTo("/problems/upstream-timeout"));
        JsonPath record = newestRecordOf(agent);
        assertEquals("failed", record.getString("outcome"));
        assertEquals(504, record.getInt("http_status"));
        assertEquals(1, simulator.logoutCalls());
    }
}
