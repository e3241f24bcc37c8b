package io.agentmonitor.gateway.identity;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** CORS opened for one dashboard origin, as an operator would configure it. */
public class DashboardCorsProfile implements QuarkusTestProfile {

    static final String DASHBOARD_ORIGIN = "https://wallboard.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", DASHBOARD_ORIGIN);
    }
}
