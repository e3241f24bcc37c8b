package io.agentmonitor.gateway.identity;

import static io.agentmonitor.gateway.identity.Refusals.SNAPSHOT;
import static io.agentmonitor.gateway.identity.Refusals.assertRefused;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Tokens that a real Keycloak really issued or that are built from its real keys, but that must
 * not open the gateway: another realm's, another audience's, forged with the realm's public key.
 */
@QuarkusTest
@TestProfile(RealKeycloakProfile.class)
class ForeignTokenTest {

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    private KeycloakAdmin keycloak;

    @BeforeEach
    void setUp() {
        keycloak = new KeycloakAdmin(realmUrl);
    }

    @Test
    void anotherRealmsTokenIsRefused() {
        String realm = "other-" + System.nanoTime();
        keycloak.createRealm(realm, "eve", "eve-pass");
        String token = keycloak.token(realm, KeycloakAdmin.TOKEN_CLIENT, "eve", "eve-pass");
        // Everything the gateway looks for, except the issuer and the key.
        assertEquals("agent-monitor-gateway", TokenForgery.payload(token).get("aud"));
        assertRefused(token);
    }

    @Test
    void tokenIssuedToAnotherAudienceIsRefused() {
        String client = "no-audience-" + System.nanoTime();
        keycloak.createClientWithoutAudience(client);
        String token = keycloak.token(KeycloakProcess.REALM, client, "admin", "admin-demo");
        Object audience = TokenForgery.payload(token).get("aud");
        assertFalse(String.valueOf(audience).contains("agent-monitor-gateway"), String.valueOf(audience));
        assertRefused(token);
    }

    @Test
    void realTokenWithElevatedClaimsIsRefused() {
        String token = keycloak.token("supervisor");
        Map<String, Object> claims = new HashMap<>(TokenForgery.payload(token));
        claims.put("realm_access", Map.of("roles", List.of("monitor-viewer", "monitor-admin")));
        assertRefused(TokenForgery.withClaims(token, claims));
    }

    @Test
    void hs256SignedWithTheRealmsPublicKeyIsRefused() {
        String token = keycloak.token("supervisor");
        Map<String, Object> claims = new HashMap<>(TokenForgery.payload(token));
        claims.put("realm_access", Map.of("roles", List.of("monitor-viewer", "monitor-admin")));
        JsonNode signingKey = signingJwk();
        PublicKey publicKey = TokenForgery.publicKey(signingKey);
        String kid = signingKey.get("kid").asText();
        assertRefused(TokenForgery.hs256(kid, claims, TokenForgery.pem(publicKey)));
        assertRefused(TokenForgery.hs256(kid, claims, publicKey.getEncoded()));
    }

    @Test
    void validTokenWithoutAnyGatewayRoleIsForbidden() {
        String username = "roleless-" + System.nanoTime();
        keycloak.createUser(username, "roleless-pass", List.of(), List.of("campaign-111"));
        given().auth().oauth2(keycloak.token(KeycloakProcess.REALM, KeycloakAdmin.TOKEN_CLIENT, username,
                "roleless-pass"))
                .when().get(SNAPSHOT)
                .then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
    }

    private JsonNode signingJwk() {
        for (JsonNode key : keycloak.jwks().get("keys")) {
            if ("sig".equals(key.path("use").asText()) && "RS256".equals(key.path("alg").asText())) {
                return key;
            }
        }
        throw new IllegalStateException("no RS256 signing key in " + keycloak.jwks());
    }
}
