package io.agentmonitor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Locale;

import io.agentmonitor.gateway.security.TokenRefusal;
import io.restassured.response.Response;

/**
 * What a refused token gets: 401, an RFC 6750 challenge that says only whether the token was missing,
 * not valid or expired (the problem's detail says the same), nothing that tells which other check
 * failed, and no data.
 */
final class Refusals {

    static final String SNAPSHOT = "/api/v1/agent-monitor";

    /** Words that would tell an attacker which check failed, or show data. */
    private static final List<String> TELLTALES = List.of("expired", "signature", "issuer", "audience", "kid",
            "jwk", "jose", "alg", "exception", "\"agents\"", "campaign_ids", "preferred_username");

    private Refusals() {
    }

    /** A token that is not valid, for whatever reason. */
    static void assertRefused(String token) {
        assertRefused(token, TokenRefusal.INVALID);
    }

    static void assertRefused(String token, TokenRefusal expected) {
        assertUnauthorized(given().auth().oauth2(token).when().get(SNAPSHOT), expected);
    }

    static void assertUnauthorized(Response response, TokenRefusal expected) {
        assertEquals(401, response.statusCode(), response::asString);
        assertEquals(1, response.headers().getValues("WWW-Authenticate").size(),
                () -> "one challenge: " + response.headers().getValues("WWW-Authenticate"));
        assertEquals(expected == TokenRefusal.MISSING ? "Bearer"
                : "Bearer error=\"invalid_token\", error_description=\"" + expected.description() + "\"",
                response.header("WWW-Authenticate"));
        assertEquals(expected.description() + ".", response.jsonPath().getString("detail"));
        String body = response.asString().toLowerCase(Locale.ROOT);
        for (String telltale : TELLTALES) {
            if (!(expected == TokenRefusal.EXPIRED && telltale.equals("expired"))) {
                assertFalse(body.contains(telltale), () -> "401 body reveals '" + telltale + "': " + body);
            }
        }
    }
}
