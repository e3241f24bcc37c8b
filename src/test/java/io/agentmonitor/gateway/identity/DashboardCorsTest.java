package io.agentmonitor.gateway.identity;

import static io.agentmonitor.gateway.identity.DashboardCorsProfile.DASHBOARD_ORIGIN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With the dashboards' origins configured, exactly those origins may call the API from a browser. */
@QuarkusTest
@TestProfile(DashboardCorsProfile.class)
class DashboardCorsTest {

    @Test
    void configuredOriginPassesThePreflight() {
        given().header("Origin", DASHBOARD_ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options(Refusals.SNAPSHOT)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(DASHBOARD_ORIGIN))
                .header("Access-Control-Allow-Methods", containsString("GET"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")));
    }

    @Test
    void configuredOriginMayReadTheSnapshotAndItsEtag() {
        given().auth().oauth2(TestTokens.supervisor()).header("Origin", DASHBOARD_ORIGIN)
                .when().get(Refusals.SNAPSHOT)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(DASHBOARD_ORIGIN))
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("etag"));
    }

    @Test
    void otherOriginsGetNoCorsAllowance() {
        given().header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options(Refusals.SNAPSHOT)
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().auth().oauth2(TestTokens.supervisor()).header("Origin", "https://evil.example.com")
                .when().get(Refusals.SNAPSHOT)
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void securityHeadersStayWithCorsOpen() {
        SecurityHeadersTest.assertSecurityHeaders(given().auth().oauth2(TestTokens.supervisor())
                .header("Origin", DASHBOARD_ORIGIN)
                .when().get("/api/v1/me")
                .then().statusCode(200));
    }
}
