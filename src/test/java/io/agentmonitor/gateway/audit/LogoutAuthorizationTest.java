package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager222;
import static io.agentmonitor.gateway.audit.AuditTestSupport.newestRecordOf;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(EmbeddedAuditProfile.class)
class LogoutAuthorizationTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    LoggedOutEvents events;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void managerLogsOutAgentOfOwnCampaignAndGetsTheAuditRecord() {
        String agent = readyAgent(simulator, "111", 0);
        String auditId = given().auth().oauth2(manager111()).contentType(ContentType.JSON)
                .header("User-Agent", "wallboard/2.1").header("X-Request-Id", "req-own-111")
                .body(Map.of("reason", "End of shift"))
                .when().post("/api/v1/agents/{user_id}/logout", agent)
                .then().statusCode(200)
                .body("audit_id", notNullValue())
                .body("user_id", equalTo(agent))
                .body("campaign_id", equalTo("111"))
                .body("outcome", equalTo("succeeded"))
                .body("request_id", equalTo("req-own-111"))
                .extract().path("audit_id");

        assertEquals(1, simulator.logoutCalls());
        assertEquals("LOGGED_OUT", simulator.agent(agent).orElseThrow().status());
        assertTrue(events.seen().contains(new AgentLoggedOut(agent, "111")));
        JsonPath record = newestRecordOf(agent);
        assertEquals(auditId, record.getString("id"));
        assertEquals("succeeded", record.getString("outcome"));
        assertEquals("maria", record.getString("actor_username"));
        assertEquals("sub-maria", record.getString("actor_subject"));
        assertTrue(record.getList("actor_roles").contains("agent-manager"));
        assertEquals("111", record.getString("campaign_id"));
        assertEquals("End of shift", record.getString("reason"));
        assertEquals("wallboard/2.1", record.getString("user_agent"));
        assertEquals("req-own-111", record.getString("request_id"));
        assertNotNull(record.getString("client_address"));
        assertNotNull(record.getString("requested_at"));
        assertNotNull(record.getString("completed_at"));
        assertEquals(200, record.getInt("http_status"));
    }

    @Test
    void managerOf111CannotLogOutAgentOf222() {
        String agent = readyAgent(simulator, "222", 0);
        logout(manager111(), agent, "Trying my luck")
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));

        assertEquals(0, simulator.logoutCalls());
        assertEquals("READY", simulator.agent(agent).orElseThrow().status());
        JsonPath record = newestRecordOf(agent);
        assertEquals("rejected", record.getString("outcome"));
        assertEquals("forbidden", record.getString("problem_type"), "the problem type the caller was answered");
        assertEquals("222", record.getString("campaign_id"));
        assertEquals("maria", record.getString("actor_username"));
        assertEquals(403, record.getInt("http_status"));
    }

    @Test
    void agentWhoMovedToAnotherCampaignSinceTheSnapshotCannotBeLoggedOut() {
        String agent = readyAgent(simulator, "111", 1);
        given().auth().oauth2(manager111()).queryParam("user_id", agent)
                .when().get("/api/v1/agent-monitor")
                .then().statusCode(200)
                .body("agents.user_id", hasItem(agent));
        simulator.moveAgent(agent, "222");

        logout(manager111(), agent, "Seen on my wallboard a moment ago")
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));

        assertEquals(0, simulator.logoutCalls());
        JsonPath record = newestRecordOf(agent);
        assertEquals("rejected", record.getString("outcome"));
        assertEquals("222", record.getString("campaign_id"));
    }

    @Test
    void managerOf222LogsOutAgentWhoMovedIntoTheirCampaign() {
        String agent = readyAgent(simulator, "111", 2);
        simulator.moveAgent(agent, "222");
        simulator.setStatus(agent, "READY");

        logout(manager222(), agent, "Moved to my team, shift over").statusCode(200)
                .body("campaign_id", equalTo("222"));
        assertEquals(1, simulator.logoutCalls());
    }

    @Test
    void callerWithoutLogoutRoleIsRejectedAndAudited() {
        String agent = readyAgent(simulator, "111", 3);
        long searches = simulator.searchCalls();
        logout(TestTokens.supervisor(), agent, "I am only a supervisor")
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("Logging agents out needs the logout role."));

        assertEquals(0, simulator.logoutCalls());
        assertEquals(searches, simulator.searchCalls());
        JsonPath record = newestRecordOf(agent);
        assertEquals("rejected", record.getString("outcome"));
        assertEquals("forbidden", record.getString("problem_type"), "the problem type the caller was answered");
        assertEquals("sam", record.getString("actor_username"));
    }

    @Test
    void unknownAgentIsNotFoundWithTheUpstreamCode() {
        logout(manager111(), "999999", "Who is this?")
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/agent-not-found"))
                .body("upstream_code", equalTo(6006));

        assertEquals(0, simulator.logoutCalls());
        JsonPath record = newestRecordOf("999999");
        assertEquals("failed", record.getString("outcome"));
        assertEquals(6006, record.getInt("upstream_code"));
    }

    @Test
    void agentNotLoggedInIsAConflictRecordedWithTheUpstreamCode() {
        String agent = readyAgent(simulator, "112", 0);
        simulator.setStatus(agent, "LOGGED_OUT");

        logout(manager111(), agent, "Already gone?")
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/agent-not-logged-in"))
                .body("upstream_code", equalTo(6012));

        assertEquals(1, simulator.logoutCalls());
        JsonPath record = newestRecordOf(agent);
        assertEquals("failed", record.getString("outcome"));
        assertEquals(6012, record.getInt("upstream_code"));
        assertNotNull(record.getString("message"));
        assertEquals("112", record.getString("campaign_id"));
    }

    @Test
    void reasonIsRequiredAndBounded() {
        String agent = readyAgent(simulator, "111", 4);
        for (Object body : List.of(Map.of(), Map.of("reason", "   "), Map.of("reason", "x".repeat(501)),
                Map.of("reason", "line\nbreak"))) {
            given().auth().oauth2(manager111()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/agents/{user_id}/logout", agent)
                    .then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(manager111()).contentType(ContentType.JSON)
                .when().post("/api/v1/agents/{user_id}/logout", agent)
                .then().statusCode(400)
                .contentType("application/problem+json");
        logout(manager111(), "not an id!", "bad path").statusCode(400);
        for (String unreadable : List.of("{\"reason\": ", "reason=end of shift", "[\"end of shift\"]")) {
            given().auth().oauth2(manager111()).contentType(ContentType.JSON).body(unreadable)
                    .when().post("/api/v1/agents/{user_id}/logout", agent)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("/invalid-request"))
                    .body("errors.name", org.hamcrest.Matchers.contains("body"));
        }
        assertEquals(0, simulator.logoutCalls());
    }

    @Test
    void anonymousCallerIsUnauthorized() {
        given().contentType(ContentType.JSON).body(Map.of("reason", "no token"))
                .when().post("/api/v1/agents/{user_id}/logout", "1001")
                .then().statusCode(401);
        assertEquals(0, simulator.logoutCalls());
    }
}
