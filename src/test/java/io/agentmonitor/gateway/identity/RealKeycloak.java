package io.agentmonitor.gateway.identity;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the gateway at a real Keycloak (see {@link KeycloakProcess}) instead of the WireMock OIDC
 * server. The Keycloak outlives each test application so that every class using
 * {@link RealKeycloakProfile} shares one start; it stops with the test JVM.
 */
public class RealKeycloak implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String realmUrl = KeycloakProcess.realmUrl();
        // Both spellings: the %test values in application.properties name the WireMock realm.
        return Map.of(
                "quarkus.oidc.auth-server-url", realmUrl,
                "%test.quarkus.oidc.auth-server-url", realmUrl,
                "quarkus.oidc.token.issuer", realmUrl,
                "%test.quarkus.oidc.token.issuer", realmUrl);
    }

    @Override
    public void stop() {
        // Kept running for the next class on this profile; KeycloakProcess stops it with the JVM.
    }
}
