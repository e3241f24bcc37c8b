package io.agentmonitor.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Starts the OIDC test server (WireMock on a dynamic port, serving discovery and JWKS) for every
 * {@code @QuarkusTest}; tokens are signed by {@link TestTokens} with the matching key.
 */
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = false)
public final class TestIdentityProvider {

    private TestIdentityProvider() {
    }
}
