package io.agentmonitor.gateway.monitor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.agentmonitor.gateway.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A stream lasts as long as the token that opened it, and a client carries on with a fresh one. */
@QuarkusTest
class StreamLifetimeTest {

    @TestHTTPResource("/api/v1/agent-monitor/stream")
    URI stream;

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(booleans = {false, true})
    void aStreamEndsWithAReauthenticateEventAtItsTokensExpiry(boolean gzip) throws Exception {
        long expires = Instant.now().getEpochSecond() + 4;
        String token = TestTokens.claims("sam", List.of("monitor-viewer"), List.of("campaign-111"))
                .expiresAt(expires).sign("privateKey.jwk");

        try (SseClient sse = new SseClient(stream, token, null, gzip)) {
            assertEquals(200, sse.status());
            SseClient.Event first = sse.nextEvent(Duration.ofSeconds(30));
            assertNotNull(first);
            assertEquals("snapshot", first.name());

            SseClient.Event last = sse.nextNamed("reauthenticate", Duration.ofSeconds(30));
            long endedAt = Instant.now().toEpochMilli();

            assertNotNull(last, "a reauthenticate event by the token's exp");
            assertNull(last.id(), "a control event names no snapshot for Last-Event-ID");
            assertEquals("token-expired", JsonPath.from(last.data()).getString("reason"));
            assertTrue(endedAt >= expires * 1000 - 1000 && endedAt <= expires * 1000 + 3000,
                    "ended " + (endedAt - expires * 1000) + " ms after exp");
            assertTrue(sse.endsCleanlyWithin(Duration.ofSeconds(30)), "the response ends, a gzip body with its trailer");

            // The same token is refused on every other request by now, and a fresh one carries on
            // without the snapshot it already has.
            given().auth().oauth2(token).when().get("/api/v1/agent-monitor").then().statusCode(401);
            try (SseClient next = new SseClient(stream, TestTokens.supervisor(), first.id(), gzip)) {
                assertEquals(200, next.status());
                SseClient.Event resumed = next.nextEvent(Duration.ofSeconds(3));
                assertTrue(resumed == null || !first.id().equals(resumed.id()), "the held snapshot is not sent again");
            }
        }
    }
}
