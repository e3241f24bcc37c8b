package io.agentmonitor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.monitor.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Against the real Keycloak: a stream ends when the token that opened it stops authorizing it. */
@QuarkusTest
@TestProfile(RealKeycloakProfile.class)
class StreamAuthorizationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @TestHTTPResource("/api/v1/agent-monitor/stream")
    URI stream;

    @Test
    void aStreamOpenedWithAShortLivedTokenEndsByItsExpiry() throws Exception {
        KeycloakAdmin keycloak = new KeycloakAdmin(realmUrl);
        String client = "short-lived-" + System.nanoTime();
        keycloak.createShortLivedClient(client, 8);
        String token = keycloak.token(KeycloakProcess.REALM, client, "supervisor", "supervisor-demo");
        Instant expires = Instant.ofEpochSecond(((Number) TokenForgery.payload(token).get("exp")).longValue());

        try (SseClient sse = new SseClient(stream, token, null, true)) {
            assertEquals(200, sse.status());
            assertEquals("snapshot", sse.nextEvent(WAIT).name());

            SseClient.Event last = sse.nextNamed("reauthenticate", WAIT);

            assertNotNull(last, "the stream ends by the token's exp");
            assertTrue(!Instant.now().isAfter(expires.plusSeconds(2)), "ended after exp: " + expires);
            assertNull(last.id());
            assertEquals("token-expired", JsonPath.from(last.data()).getString("reason"));
            assertTrue(sse.endsCleanlyWithin(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aStreamOfAKeyRemovedWithoutANewKeyIdEndsAndItsTokenIsRefused() throws Exception {
        KeycloakAdmin keycloak = new KeycloakAdmin(realmUrl);
        String oldToken = keycloak.token("supervisor");
        given().auth().oauth2(oldToken).when().get(Refusals.SNAPSHOT).then().statusCode(200);

        try (SseClient sse = new SseClient(stream, oldToken, null)) {
            assertEquals("snapshot", sse.nextEvent(WAIT).name());

            // A staged rotation: a new key signs new tokens while the old one is still published...
            List<String> oldKeys = keycloak.addSigningKey();
            String newToken = keycloak.token("supervisor");
            assertNotEquals(TokenForgery.header(oldToken).get("kid"), TokenForgery.header(newToken).get("kid"));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given()
                    .auth().oauth2(newToken).when().get(Refusals.SNAPSHOT).then().statusCode(200));
            given().auth().oauth2(oldToken).when().get(Refusals.SNAPSHOT).then().statusCode(200);

            // ...then the old key leaves, and no key id the gateway does not know appears.
            keycloak.removeKeyProviders(oldKeys);

            SseClient.Event last = sse.nextNamed("reauthenticate", WAIT);
            assertNotNull(last, "the old key's stream ends once the key set is read again");
            assertEquals("signing-key-removed", JsonPath.from(last.data()).getString("reason"));
            assertTrue(sse.endsCleanlyWithin(Duration.ofSeconds(30)));
            Refusals.assertRefused(oldToken);
            given().auth().oauth2(newToken).when().get(Refusals.SNAPSHOT).then().statusCode(200);
        }
    }
}
