package io.agentmonitor.gateway.audit;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The embedded store in a database of its own, which the tampering tests may break and wipe. */
public class TamperedTrailProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new EmbeddedAuditProfile().getConfigOverrides());
        config.put("%test.quarkus.datasource.jdbc.url", "jdbc:h2:mem:tampered;DB_CLOSE_DELAY=-1");
        return config;
    }

    /** The same against PostgreSQL, in a schema of its own. */
    public static class Postgres extends PostgresAuditProfile {
        @Override
        protected String schema() {
            return "gateway_audit_tampered";
        }
    }
}
