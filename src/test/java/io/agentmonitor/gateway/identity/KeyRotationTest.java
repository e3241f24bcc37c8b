package io.agentmonitor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The realm's signing key changes while the gateway runs; the gateway follows without a restart. */
@QuarkusTest
@TestProfile(RealKeycloakProfile.class)
class KeyRotationTest {

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @Test
    void tokensOfANewRealmKeyAreAcceptedWithoutRestartAndTheRemovedKeyIsRefused() {
        KeycloakAdmin keycloak = new KeycloakAdmin(realmUrl);
        String oldToken = keycloak.token("supervisor");
        given().auth().oauth2(oldToken).when().get(Refusals.SNAPSHOT).then().statusCode(200);

        String newKid = keycloak.rotateSigningKey();

        assertNotEquals(TokenForgery.header(oldToken).get("kid"), newKid);
        List<String> published = new ArrayList<>();
        keycloak.jwks().get("keys").forEach(key -> published.add(key.get("kid").asText()));
        assertFalse(published.contains((String) TokenForgery.header(oldToken).get("kid")), "old key still published");

        String newToken = keycloak.token("supervisor");
        assertEquals(newKid, TokenForgery.header(newToken).get("kid"));
        // The first unknown kid makes the gateway fetch the JWKS again (at most once per
        // quarkus.oidc.token.forced-jwk-refresh-interval), so this is normally the first try.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given()
                .auth().oauth2(newToken).when().get(Refusals.SNAPSHOT).then().statusCode(200));

        Refusals.assertRefused(oldToken);
    }
}
