package io.agentmonitor.gateway.audit;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the audit tests against the PostgreSQL on 127.0.0.1:5432 (database {@code test}, trust
 * auth), in a schema of their own that Flyway cleans at start so reruns begin empty.
 */
public class PostgresAuditProfile implements QuarkusTestProfile {

    static final String SCHEMA = "gateway_audit_test";

    /** The schema of these tests' trail. */
    protected String schema() {
        return SCHEMA;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        String schema = schema();
        String url = System.getProperty("audit.test.postgres.url",
                "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
        Map<String, String> config = new HashMap<>();
        for (String prefix : new String[] { "", "%test." }) {
            config.put(prefix + "quarkus.datasource.db-kind", "postgresql");
            config.put(prefix + "quarkus.datasource.jdbc.url", url);
            config.put(prefix + "quarkus.datasource.username",
                    System.getProperty("audit.test.postgres.user", "postgres"));
            config.put(prefix + "quarkus.flyway.schemas", schema);
            config.put(prefix + "quarkus.flyway.clean-at-start", "true");
            config.put(prefix + "quarkus.flyway.clean-disabled", "false");
            config.put(prefix + "gateway.upstream.timeout", EmbeddedAuditProfile.UPSTREAM_TIMEOUT);
        }
        return config;
    }
}
