package io.agentmonitor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Security headers on every kind of answer, and CORS closed unless configured. */
@QuarkusTest
class SecurityHeadersTest {

    private static final String EVIL_ORIGIN = "https://evil.example.com";

    static ValidatableResponse assertSecurityHeaders(ValidatableResponse response) {
        return response
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Content-Security-Policy", equalTo("frame-ancestors 'none'"))
                .header("Strict-Transport-Security", startsWith("max-age="));
    }

    @Test
    void successfulAnswersCarrySecurityHeaders() {
        assertSecurityHeaders(given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/me")
                .then().statusCode(200));
    }

    @Test
    void snapshotsKeepTheirOwnCacheControl() {
        assertSecurityHeaders(given().auth().oauth2(TestTokens.supervisor()).when().get(Refusals.SNAPSHOT)
                .then().statusCode(200)
                .header("Cache-Control", startsWith("private, max-age=")));
    }

    @Test
    void refusalsCarrySecurityHeaders() {
        assertSecurityHeaders(given().when().get(Refusals.SNAPSHOT).then().statusCode(401));
        assertSecurityHeaders(given().auth().oauth2("forged").when().get(Refusals.SNAPSHOT).then().statusCode(401));
        assertSecurityHeaders(given().auth().oauth2(TestTokens.auditor()).when().get(Refusals.SNAPSHOT)
                .then().statusCode(403));
    }

    @Test
    void unknownPathsAndHealthCarrySecurityHeaders() {
        assertSecurityHeaders(given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/no-such-thing")
                .then().statusCode(404));
        assertSecurityHeaders(given().when().get("/q/health/live").then().statusCode(200));
    }

    @Test
    void crossOriginRequestsGetNoCorsHeadersByDefault() {
        given().auth().oauth2(TestTokens.supervisor()).header("Origin", EVIL_ORIGIN)
                .when().get("/api/v1/me")
                .then().header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
        given().header("Origin", EVIL_ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options(Refusals.SNAPSHOT)
                .then().header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
    }
}
