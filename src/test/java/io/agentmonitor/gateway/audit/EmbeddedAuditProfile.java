package io.agentmonitor.gateway.audit;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The audit tests on the embedded default store, with an upstream timeout that a loaded two-core
 * machine meets even for fifty simultaneous logouts (the test profile's one second does not).
 */
public class EmbeddedAuditProfile implements QuarkusTestProfile {

    static final String UPSTREAM_TIMEOUT = "5s";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.upstream.timeout", UPSTREAM_TIMEOUT, "%test.gateway.upstream.timeout",
                UPSTREAM_TIMEOUT);
    }
}
