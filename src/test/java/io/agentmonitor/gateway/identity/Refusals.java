package io.agentmonitor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import io.restassured.response.Response;

/** What a refused token gets: 401, a bare Bearer challenge, nothing that tells why, and no data. */
final class Refusals {

    static final String SNAPSHOT = "/api/v1/agent-monitor";

    /** Words that would tell an attacker which check failed, or show data. */
    private static final List<String> TELLTALES = List.of("expired", "signature", "issuer", "audience", "kid",
            "jwk", "jose", "alg", "exception", "\"agents\"", "campaign_ids", "preferred_username");

    private Refusals() {
    }

    static void assertRefused(String token) {
        assertUnauthorizedWithoutDetail(given().auth().oauth2(token).when().get(SNAPSHOT));
    }

    static void assertUnauthorizedWithoutDetail(Response response) {
        assertEquals(401, response.statusCode(), response::asString);
        String challenge = response.header("WWW-Authenticate");
        assertNotNull(challenge, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer"), challenge);
        assertFalse(challenge.contains("error_description"), challenge);
        String body = response.asString().toLowerCase(Locale.ROOT);
        for (String telltale : TELLTALES) {
            assertFalse(body.contains(telltale), () -> "401 body reveals '" + telltale + "': " + body);
        }
    }
}
