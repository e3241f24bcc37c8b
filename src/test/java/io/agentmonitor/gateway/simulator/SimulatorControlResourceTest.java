package io.agentmonitor.gateway.simulator;

import static io.agentmonitor.gateway.simulator.SimulatorApi.CONTROL;
import static io.agentmonitor.gateway.simulator.SimulatorApi.logout;
import static io.agentmonitor.gateway.simulator.SimulatorApi.search;
import static io.agentmonitor.gateway.simulator.SimulatorApi.searchGet;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SimulatorControlResourceTest {

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void statsCountSearchesAndLogoutsSeparately() {
        search();
        searchGet("campaign_id", "111");
        search("user_id", "nobody");
        logout("nobody");

        given().get(CONTROL + "/stats").then().statusCode(200)
                .body("search_calls", is(3)).body("logout_calls", is(1))
                .body("rate_limited_calls", is(0)).body("faulted_calls", is(0));
        assertEquals(3, simulator.searchCalls());
        assertEquals(1, simulator.logoutCalls());
    }

    @Test
    void searchLogNamesTheViewOfEachCall() {
        searchGet("campaign_id", "111");
        search("user_id", "nobody");

        given().get(CONTROL + "/searches").then().statusCode(200)
                .body("campaign_id", contains("111", null)).body("user_id", contains(null, "nobody"))
                .body("at", everyItem(greaterThan(0L)));
        given().delete(CONTROL + "/stats").then().statusCode(204);
        given().get(CONTROL + "/searches").then().statusCode(200).body("size()", is(0));
    }

    @Test
    void countersResetWithoutTouchingTheRest() {
        search();
        simulator.fault(SimulatorFault.FAILURE);

        given().delete(CONTROL + "/stats").then().statusCode(204);

        assertEquals(0, simulator.searchCalls());
        assertEquals(SimulatorFault.FAILURE, simulator.fault());
    }

    @Test
    void faultsAreSwitchedOverHttp() {
        given().put(CONTROL + "/fault/server-error").then().statusCode(200).body("fault", is("SERVER_ERROR"));
        search().then().statusCode(500);

        given().put(CONTROL + "/logout-fault/rate_limited").then().statusCode(200)
                .body("logout_fault", is("RATE_LIMITED"));
        logout("10001").then().statusCode(429);

        given().post(CONTROL + "/reset").then().statusCode(200).body("fault", is("NONE"))
                .body("stats.search_calls", is(0));
        search().then().statusCode(200);
    }

    @Test
    void unknownSwitchValuesAnswer400() {
        given().put(CONTROL + "/fault/EXPLODE").then().statusCode(400);
    }

    @Test
    void agentsAreReadAndSteeredOverHttp() {
        given().put(CONTROL + "/agents/10050/status/LUNCH_BREAK").then().statusCode(200)
                .body("status", is("LUNCH_BREAK"));
        given().put(CONTROL + "/agents/10050/campaign/223").then().statusCode(200).body("campaign_id", is("223"));
        given().contentType(ContentType.TEXT).body("<script>alert(1)</script>")
                .put(CONTROL + "/agents/10050/name").then().statusCode(200);

        given().get(CONTROL + "/agents/10050").then().statusCode(200)
                .body("user_full_name", is("<script>alert(1)</script>"))
                .body("campaign_id", is("223")).body("status", is("LUNCH_BREAK"));
        search("campaign_id", "223", "user_id", "10050").then().body("agents[0].status", is("LUNCH_BREAK"));
    }

    @Test
    void agentsAreAddedOverHttp() {
        given().contentType(ContentType.JSON)
                .body("{\"user_id\":\"90002\",\"user_full_name\":\"New Hire\",\"campaign_id\":\"777\"}")
                .post(CONTROL + "/agents").then().statusCode(201).body("campaign_id", is("777"));

        search("campaign_id", "777").then().statusCode(200)
                .body("agent_total", is(1)).body("agents[0].user_full_name", is("New Hire"));
    }

    @Test
    void unknownAgentsAnswer404() {
        given().get(CONTROL + "/agents/nobody").then().statusCode(404);
        given().put(CONTROL + "/agents/nobody/status/READY").then().statusCode(404);
    }

    @Test
    void movedAgentsLeaveTheirCampaign() {
        String before = simulator.agent("10060").orElseThrow().campaignId();
        String target = before.equals("333") ? "111" : "333";

        simulator.moveAgent("10060", target);

        search("campaign_id", before, "user_id", "10060").then().body("agent_total", is(0));
        search("campaign_id", target, "user_id", "10060").then().body("agent_total", is(1))
                .body("agents[0].queue_id", org.hamcrest.Matchers.startsWith(target));
    }
}
