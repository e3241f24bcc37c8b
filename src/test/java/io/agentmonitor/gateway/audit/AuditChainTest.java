package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.newestRecordOf;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.agentmonitor.gateway.audit.AuditTestSupport.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(EmbeddedAuditProfile.class)
class AuditChainTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void verifyConfirmsAnUnbrokenChain() {
        logout(manager111(), readyAgent(simulator, "111", 20), "Chain one").statusCode(200);
        logout(manager111(), readyAgent(simulator, "222", 2), "Chain two").statusCode(403);

        JsonPath report = verify();
        assertTrue(report.getBoolean("valid"));
        assertTrue(report.getLong("entries_checked") >= 4);
        assertEquals(report.getLong("entries_checked"), report.getLong("last_seq"));
    }

    @Test
    void tamperedEntryIsNamedByVerify() throws SQLException {
        String agent = readyAgent(simulator, "111", 21);
        logout(manager111(), agent, "Honest reason").statusCode(200);
        JsonPath record = newestRecordOf(agent);
        long seq = record.getLong("seq");

        setReason(seq, "Edited afterwards");
        try {
            JsonPath report = verify();
            assertFalse(report.getBoolean("valid"));
            assertEquals(seq, report.getLong("first_broken.seq"));
            assertEquals(record.getString("id"), report.getString("first_broken.entry_id"));
            assertEquals("content does not match its hash", report.getString("first_broken.problem"));
        } finally {
            setReason(seq, "Honest reason");
        }
        assertTrue(verify().getBoolean("valid"));
    }

    private void setReason(long seq, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE audit_entry SET reason = ? WHERE seq = ?")) {
            st.setString(1, reason);
            st.setLong(2, seq);
            assertEquals(1, st.executeUpdate());
        }
    }
}
