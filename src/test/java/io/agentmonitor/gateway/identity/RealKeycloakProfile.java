package io.agentmonitor.gateway.identity;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The gateway against the real Keycloak of {@link RealKeycloak}. Every class that needs it uses
 * this one profile, so Quarkus starts the application once for all of them.
 */
public class RealKeycloakProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // A loaded two-core machine runs Keycloak and the gateway side by side.
                "gateway.upstream.timeout", "5s",
                "%test.gateway.upstream.timeout", "5s",
                // Tests present tokens of unknown keys (another realm's, a rotated key's) within
                // seconds of each other; production keeps the Identity section's rate limit.
                "quarkus.oidc.token.forced-jwk-refresh-interval", "1S",
                // A removed key is noticed within seconds, not the production default of minutes.
                "gateway.signing-keys.recheck", "2s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealKeycloak.class));
    }
}
