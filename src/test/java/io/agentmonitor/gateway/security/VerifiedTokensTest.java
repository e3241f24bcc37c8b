package io.agentmonitor.gateway.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A verified token is not verified again on every request, yet the cache never lets through what
 * verification would refuse: an expired token, a token changed in any byte, or any token after the
 * signing keys changed (see also {@code identity.KeyRotationTest} with a real Keycloak).
 */
@QuarkusTest
class VerifiedTokensTest {

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCache() {
        String token = TestTokens.token("cora", List.of("monitor-viewer"), List.of("campaign-111"));
        double verifiedBefore = verifications("verified");
        double cachedBefore = verifications("cached");

        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200)
                    .body("username", equalTo("cora"));
        }

        assertEquals(1, verifications("verified") - verifiedBefore, "signature checks");
        assertEquals(4, verifications("cached") - cachedBefore, "answers from the cache");
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() {
        String token = TestTokens.claims("eve", List.of("monitor-viewer"), List.of("campaign-111"))
                .expiresIn(Duration.ofSeconds(3)).sign("privateKey.jwk");
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(401));
    }

    @Test
    void aTokenChangedInItsSignatureIsVerifiedAndRefused() {
        String token = TestTokens.token("finn", List.of("monitor-viewer"), List.of("campaign-111"));
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200);

        // A character inside the signature: the last one may carry only padding bits.
        int at = token.length() - 10;
        char changed = token.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, at) + changed + token.substring(at + 1);
        given().auth().oauth2(tampered).when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aTokenChangedInItsClaimsButNotItsSignatureIsVerifiedAndRefused() {
        String token = TestTokens.token("gus", List.of("monitor-viewer"), List.of("campaign-111"));
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200);
        double verifiedBefore = verifications("verified");

        // A character in the middle of the claims: the cache must compare the whole token, not its end.
        int at = token.indexOf('.') + (token.lastIndexOf('.') - token.indexOf('.')) / 2;
        char changed = token.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, at) + changed + token.substring(at + 1);
        given().auth().oauth2(tampered).when().get("/api/v1/me").then().statusCode(401);

        assertEquals(1, verifications("verified") - verifiedBefore, "signature checks");
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200).body("username", equalTo("gus"));
    }

    private static double verifications(String result) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("gateway_tokens_verifications_total{")
                        && line.contains("result=\"" + result + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
