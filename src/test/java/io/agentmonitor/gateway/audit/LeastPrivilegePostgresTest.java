package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.agentmonitor.gateway.audit.AuditTestSupport.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The gateway on PostgreSQL with two roles, as production runs it: Flyway migrates as the owner, the
 * gateway runs as a role that may only read and append the evidence. Logouts and verification work;
 * an UPDATE, DELETE or TRUNCATE of entries or checkpoints by the runtime role is refused.
 */
@QuarkusTest
@TestProfile(LeastPrivilegePostgresTest.TwoRoles.class)
class LeastPrivilegePostgresTest {

    static final String RUNTIME_ROLE = "gateway_audit_runtime";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** The PostgreSQL profile with the runtime role as the datasource user and the owner for Flyway. */
    public static class TwoRoles extends PostgresAuditProfile {
        @Override
        protected String schema() {
            return "gateway_audit_least";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            for (String prefix : new String[] { "", "%test." }) {
                config.put(prefix + "quarkus.datasource.username", RUNTIME_ROLE);
                config.put(prefix + "quarkus.flyway.username", owner());
                // Quarkus gives Flyway its own connection only with both; the test server trusts local logins.
                config.put(prefix + "quarkus.flyway.password", "ignored-by-trust-auth");
                config.put(prefix + "quarkus.flyway.placeholders.runtime_role", RUNTIME_ROLE);
            }
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RuntimeRole.class));
        }
    }

    /** Creates the runtime role (a login without privileges) before the gateway starts. */
    public static class RuntimeRole implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try (Connection c = DriverManager.getConnection(url(), owner(), null); Statement st = c.createStatement()) {
                st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + RUNTIME_ROLE
                        + "') THEN CREATE ROLE " + RUNTIME_ROLE + " LOGIN; END IF; END $$");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the runtime role", e);
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    private static String owner() {
        return System.getProperty("audit.test.postgres.user", "postgres");
    }

    private static String url() {
        return System.getProperty("audit.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Inject
    ConvosoSimulator simulator;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theGatewayLogsOutAndVerifiesAsTheRuntimeRole() throws SQLException {
        simulator.reset();
        logout(manager111(), readyAgent(simulator, "111", 23), "End of shift").statusCode(200);

        assertTrue(verify().getBoolean("valid"));
        try (Connection c = dataSource.getConnection()) {
            assertEquals(RUNTIME_ROLE, c.getMetaData().getUserName());
        }
    }

    @Test
    void theRuntimeRoleCannotChangeOrRemoveEvidence() {
        simulator.reset();
        logout(manager111(), readyAgent(simulator, "111", 24), "End of shift").statusCode(200);

        for (String sql : List.of("UPDATE audit_entry SET reason = 'edited'", "DELETE FROM audit_entry",
                "TRUNCATE audit_entry", "UPDATE audit_checkpoint SET replica = 'elsewhere'",
                "DELETE FROM audit_checkpoint", "TRUNCATE audit_checkpoint")) {
            SQLException refused = assertThrows(SQLException.class, () -> {
                try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                    st.execute(sql);
                }
            }, sql);
            assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), sql + ": " + refused.getMessage());
        }
        assertTrue(verify().getBoolean("valid"), "nothing was changed");
    }
}
