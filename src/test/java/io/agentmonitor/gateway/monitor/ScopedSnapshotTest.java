package io.agentmonitor.gateway.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatedAgent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ScopedSnapshotTest {

    private static final String PATH = "/api/v1/agent-monitor";

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void supervisorSeesOnlyOwnCampaignWithConsistentCounters() {
        JsonPath body = given().auth().oauth2(TestTokens.supervisor())
                .when().get(PATH)
                .then().statusCode(200)
                .body("agents", not(empty()))
                .body("agents.campaign_id", everyItem(equalTo("111")))
                .body("scope.all", is(false))
                .body("scope.campaign_ids", equalTo(List.of("111")))
                .body("stale", is(false))
                .body("generated_at", notNullValue())
                .body("age_seconds", notNullValue())
                .extract().jsonPath();
        List<String> statuses = body.getList("agents.status");
        assertEquals(statuses.size(), body.getInt("agent_total"));
        assertEquals(count(statuses, "INCALL"), body.getInt("agent_incall"));
        assertEquals(count(statuses, "READY"), body.getInt("agent_ready"));
        assertEquals(count(statuses, "PAUSED"), body.getInt("agent_paused"));
    }

    @Test
    void managerSeesTheUnionOfTheirCampaigns() {
        JsonPath body = given().auth().oauth2(TestTokens.manager())
                .when().get(PATH)
                .then().statusCode(200)
                .body("agents.campaign_id", everyItem(in(List.of("111", "112"))))
                .body("agents.campaign_id", hasItems("111", "112"))
                .body("scope.campaign_ids", equalTo(List.of("111", "112")))
                .extract().jsonPath();
        assertEquals(body.getList("agents").size(), body.getInt("agent_total"));
        assertEquals(count(body.getList("agents.status"), "READY"), body.getInt("agent_ready"));
    }

    @Test
    void adminSeesEveryCampaign() {
        given().auth().oauth2(TestTokens.admin())
                .when().get(PATH)
                .then().statusCode(200)
                .body("scope.all", is(true))
                .body("agents.campaign_id", hasItems("111", "222", "333"));
    }

    @Test
    void campaignFilterNarrowsTheView() {
        given().auth().oauth2(TestTokens.manager())
                .queryParam("campaign_id", "112")
                .when().get(PATH)
                .then().statusCode(200)
                .body("agents.campaign_id", everyItem(equalTo("112")))
                .body("scope.campaign_ids", equalTo(List.of("112")))
                .body("queue_calls_today", notNullValue());
    }

    @Test
    void supervisorCannotSeeOtherCampaign() {
        given().auth().oauth2(TestTokens.supervisor())
                .queryParam("campaign_id", "222")
                .when().get(PATH)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"))
                .body("status", equalTo(403))
                .body("detail", equalTo("Campaign 222 is not in your scope."));
    }

    @Test
    void queueOfAnotherCampaignYieldsNoForeignAgentsOrFigures() {
        String foreignQueue = firstAgent(TestTokens.otherSupervisor()).get("queue_id");
        given().auth().oauth2(TestTokens.supervisor())
                .queryParam("queue_id", foreignQueue)
                .when().get(PATH)
                .then().statusCode(200)
                .body("agents", empty())
                .body("agent_total", equalTo(0))
                .body("queue_calls_today", equalTo(null))
                .body("call_data", equalTo(null));
    }

    @Test
    void agentOfAnotherCampaignIsNotFoundRatherThanRevealed() {
        String foreignAgent = firstAgent(TestTokens.otherSupervisor()).get("user_id");
        given().auth().oauth2(TestTokens.supervisor())
                .queryParam("user_id", foreignAgent)
                .when().get(PATH)
                .then().statusCode(200)
                .body("agents", empty())
                .body("agent_total", equalTo(0));
        given().auth().oauth2(TestTokens.supervisor())
                .queryParam("user_id", "999999")
                .when().get(PATH)
                .then().statusCode(200)
                .body("agents", empty());
    }

    @Test
    void ownAgentIsFoundByUserId() {
        String ownAgent = firstAgent(TestTokens.supervisor()).get("user_id");
        given().auth().oauth2(TestTokens.supervisor())
                .queryParam("user_id", ownAgent)
                .when().get(PATH)
                .then().statusCode(200)
                .body("agents.user_id", equalTo(List.of(ownAgent)))
                .body("queue_calls_today", equalTo(null));
    }

    @Test
    void skillFilterNeverWidensScope() {
        given().auth().oauth2(TestTokens.supervisor())
                .queryParam("skill", "spanish,sales")
                .queryParam("skill", "billing")
                .when().get(PATH)
                .then().statusCode(200)
                .body("agents.campaign_id", everyItem(equalTo("111")));
    }

    @Test
    void skillFilterMeansAllOfTheSkillsWhateverTheUpstreamDoes() {
        // The simulator, like the upstream, answers agents with any of the skills.
        List<SimulatedAgent> inCampaign = simulator.agents().stream().filter(a -> "111".equals(a.campaignId())).toList();
        List<String> both = inCampaign.stream().filter(a -> skills(a).containsAll(List.of("english", "sales")))
                .map(SimulatedAgent::userId).sorted().toList();
        long either = inCampaign.stream().filter(a -> skills(a).contains("english") || skills(a).contains("sales"))
                .count();
        assertTrue(!both.isEmpty() && either > both.size(), "the seeded call center tells all from any");

        JsonPath body = given().auth().oauth2(TestTokens.supervisor())
                .queryParam("skill", "sales,english")
                .when().get(PATH)
                .then().statusCode(200)
                .extract().jsonPath();
        assertEquals(both, body.getList("agents.user_id", String.class).stream().sorted().toList());
        assertEquals(both.size(), body.getInt("agent_total"), "the counters describe the agents shown");
        assertNull(body.get("queue_calls_today"), "the upstream's figures described other agents too");
    }

    private static List<String> skills(SimulatedAgent agent) {
        return agent.skillOptions() == null ? List.of() : List.of(agent.skillOptions().split(","));
    }

    @Test
    void callerWithoutCampaignGetsAProblemThatSaysSo() {
        given().auth().oauth2(TestTokens.noCampaign())
                .when().get(PATH)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/no-campaign-scope"));
    }

    @Test
    void callerWithoutViewRoleIsForbidden() {
        given().auth().oauth2(TestTokens.noRole())
                .when().get(PATH)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
    }

    @Test
    void anonymousCallerIsUnauthorized() {
        given().when().get(PATH)
                .then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("detail", equalTo("The access token is missing."));
    }

    @Test
    void unknownCampaignIsANotFoundProblemWithTheUpstreamCode() {
        given().auth().oauth2(TestTokens.admin())
                .queryParam("campaign_id", "999")
                .when().get(PATH)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/campaign-not-found"))
                .body("upstream_code", equalTo(6026));
    }

    @Test
    void anUnknownQueueLooksToAScopedCallerLikeAnotherCampaignsQueue() {
        String foreignQueue = firstAgent(TestTokens.otherSupervisor()).get("queue_id");
        for (String queue : List.of(foreignQueue, "99999")) {
            given().auth().oauth2(TestTokens.supervisor())
                    .queryParam("queue_id", queue)
                    .when().get(PATH)
                    .then().statusCode(200)
                    .body("agents", empty())
                    .body("agent_total", equalTo(0))
                    .body("stale", equalTo(false));
        }
    }

    @Test
    void anUnknownQueueIsANotFoundProblemForACallerWhoSeesEveryCampaign() {
        given().auth().oauth2(TestTokens.admin())
                .queryParam("queue_id", "99999")
                .when().get(PATH)
                .then().statusCode(404)
                .body("type", equalTo("/problems/queue-not-found"))
                .body("upstream_code", equalTo(6041));
    }

    @Test
    void snapshotChangesOverTime() {
        String first = given().auth().oauth2(TestTokens.supervisor()).get(PATH).then().statusCode(200)
                .extract().jsonPath().getString("agents.status_time_sec");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !first.equals(given().auth().oauth2(TestTokens.supervisor()).get(PATH).then()
                        .statusCode(200).extract().jsonPath().getString("agents.status_time_sec")));
    }

    private static Map<String, String> firstAgent(String token) {
        return given().auth().oauth2(token).get(PATH).then().statusCode(200)
                .extract().jsonPath().getMap("agents[0]");
    }

    private static int count(List<?> statuses, String status) {
        return (int) statuses.stream().filter(status::equals).count();
    }
}
