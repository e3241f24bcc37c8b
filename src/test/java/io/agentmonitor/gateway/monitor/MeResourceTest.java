package io.agentmonitor.gateway.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MeResourceTest {

    @Test
    void managerSeesTheirScopeAndCapabilities() {
        given().auth().oauth2(TestTokens.manager())
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("subject", equalTo("sub-maria"))
                .body("username", equalTo("maria"))
                .body("roles", equalTo(List.of("agent-manager", "monitor-viewer")))
                .body("groups", equalTo(List.of("east-managers")))
                .body("scope.all", is(false))
                .body("scope.campaign_ids", equalTo(List.of("111", "112")))
                .body("capabilities", equalTo(List.of("view", "logout")));
    }

    @Test
    void adminScopeIsAllCampaigns() {
        given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("scope.all", is(true))
                .body("capabilities", equalTo(List.of("view")));
    }

    @Test
    void auditorMayAuditButSeesNoCampaign() {
        given().auth().oauth2(TestTokens.auditor())
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("scope.campaign_ids", empty())
                .body("capabilities", equalTo(List.of("audit")));
    }

    @Test
    void rolesSmuggledInUnverifiedPlacesAreIgnored() {
        String token = TestTokens.claims("mallory", List.of("monitor-viewer"), List.of())
                .claim("roles", List.of("monitor-admin"))
                .claim("scope", "monitor-admin")
                .sign("privateKey.jwk");
        given().auth().oauth2(token)
                .header("X-Roles", "monitor-admin")
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("scope.all", is(false))
                .body("roles", equalTo(List.of("monitor-viewer")));
    }
}
