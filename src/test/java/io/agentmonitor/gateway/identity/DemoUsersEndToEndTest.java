package io.agentmonitor.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatedAgent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The demo users of deploy/keycloak, with tokens from the real Keycloak, through the whole gateway. */
@QuarkusTest
@TestProfile(RealKeycloakProfile.class)
class DemoUsersEndToEndTest {

    private static final String SNAPSHOT = "/api/v1/agent-monitor";
    private static final String ME = "/api/v1/me";

    @Inject
    ConvosoSimulator simulator;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    private KeycloakAdmin keycloak;

    @BeforeEach
    void setUp() {
        keycloak = new KeycloakAdmin(realmUrl);
        simulator.reset();
    }

    @Test
    void supervisorSeesOnlyCampaign111() {
        String token = keycloak.token("supervisor");
        given().auth().oauth2(token).when().get(ME)
                .then().statusCode(200)
                .body("username", equalTo("supervisor"))
                .body("roles", equalTo(List.of("monitor-viewer")))
                .body("groups", equalTo(List.of("campaign-111")))
                .body("scope.campaign_ids", equalTo(List.of("111")))
                .body("capabilities", equalTo(List.of("view")));
        given().auth().oauth2(token).when().get(SNAPSHOT)
                .then().statusCode(200)
                .body("agents", not(empty()))
                .body("agents.campaign_id", everyItem(equalTo("111")))
                .body("scope.campaign_ids", equalTo(List.of("111")));
        given().auth().oauth2(token).queryParam("campaign_id", "222").when().get(SNAPSHOT)
                .then().statusCode(403);
    }

    @Test
    void managerSeesCampaigns111And112AndMayLogOut() {
        String token = keycloak.token("manager");
        given().auth().oauth2(token).when().get(ME)
                .then().statusCode(200)
                .body("username", equalTo("manager"))
                .body("groups", equalTo(List.of("east-managers")))
                .body("scope.campaign_ids", equalTo(List.of("111", "112")))
                .body("capabilities", equalTo(List.of("view", "logout")));
        given().auth().oauth2(token).when().get(SNAPSHOT)
                .then().statusCode(200)
                .body("agents.campaign_id", everyItem(in(List.of("111", "112"))))
                .body("agents.campaign_id", hasItems("111", "112"));
    }

    @Test
    void managerLogsOutAnAgentOfTheirCampaign() {
        String agent = simulator.agents().stream().filter(a -> "111".equals(a.campaignId())).findFirst()
                .map(SimulatedAgent::userId).orElseThrow();
        simulator.setStatus(agent, "READY");
        given().auth().oauth2(keycloak.token("manager")).contentType(ContentType.JSON)
                .body(Map.of("reason", "End of shift"))
                .when().post("/api/v1/agents/{user_id}/logout", agent)
                .then().statusCode(200)
                .body("audit_id", notNullValue())
                .body("user_id", equalTo(agent))
                .body("campaign_id", equalTo("111"))
                .body("outcome", equalTo("succeeded"));
    }

    @Test
    void supervisorMayNotLogOutAgents() {
        String agent = simulator.agents().stream().filter(a -> "111".equals(a.campaignId())).findFirst()
                .map(SimulatedAgent::userId).orElseThrow();
        given().auth().oauth2(keycloak.token("supervisor")).contentType(ContentType.JSON)
                .body(Map.of("reason", "Not mine to do"))
                .when().post("/api/v1/agents/{user_id}/logout", agent)
                .then().statusCode(403);
    }

    @Test
    void adminSeesEveryCampaign() {
        String token = keycloak.token("admin");
        given().auth().oauth2(token).when().get(ME)
                .then().statusCode(200)
                .body("scope.all", is(true));
        given().auth().oauth2(token).when().get(SNAPSHOT)
                .then().statusCode(200)
                .body("scope.all", is(true))
                .body("agents.campaign_id", hasItems("111", "222", "333"));
    }

    @Test
    void auditorMayNotReadSnapshots() {
        String token = keycloak.token("auditor");
        given().auth().oauth2(token).when().get(ME)
                .then().statusCode(200)
                .body("capabilities", equalTo(List.of("audit")))
                .body("scope.campaign_ids", empty());
        given().auth().oauth2(token).when().get(SNAPSHOT)
                .then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"))
                .body("agents", is((Object) null));
    }

    @Test
    void userWithoutCampaignSeesNothing() {
        String token = keycloak.token("nocampaign");
        given().auth().oauth2(token).when().get(ME)
                .then().statusCode(200)
                .body("capabilities", equalTo(List.of("view")))
                .body("scope.all", is(false))
                .body("scope.campaign_ids", empty());
        given().auth().oauth2(token).when().get(SNAPSHOT)
                .then().statusCode(403)
                .body("type", equalTo("/problems/no-campaign-scope"))
                .body("agents", is((Object) null));
    }

    @Test
    void userWhoseRoleIsRemovedLosesAccessWithTheNextToken() {
        String username = "revoked-" + System.nanoTime();
        keycloak.createUser(username, "revoked-pass", List.of("monitor-viewer"), List.of("campaign-111"));
        given().auth().oauth2(keycloak.token(KeycloakProcess.REALM, KeycloakAdmin.TOKEN_CLIENT, username, "revoked-pass"))
                .when().get(SNAPSHOT)
                .then().statusCode(200);

        keycloak.removeRealmRole(username, "monitor-viewer");

        String next = keycloak.token(KeycloakProcess.REALM, KeycloakAdmin.TOKEN_CLIENT, username, "revoked-pass");
        given().auth().oauth2(next).when().get(ME)
                .then().statusCode(200)
                .body("roles", not(hasItems("monitor-viewer")))
                .body("capabilities", empty());
        given().auth().oauth2(next).when().get(SNAPSHOT)
                .then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
    }
}
