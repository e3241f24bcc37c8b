package io.agentmonitor.gateway.simulator;

import static io.agentmonitor.gateway.simulator.SimulatorApi.SEARCH;
import static io.agentmonitor.gateway.simulator.SimulatorApi.search;
import static io.agentmonitor.gateway.simulator.SimulatorApi.searchGet;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SimulatorSearchTest {

    private static final List<String> AGENT_FIELDS = List.of("user_id", "user_full_name", "campaign_id",
            "campaign_name", "queue_id", "queue_name", "queue_assignment", "list_id", "extension", "channel_type",
            "call_type", "lead_id", "call_log_id", "calls_today", "total_calls", "status", "status_label",
            "status_time_sec", "status_time_mmss", "connection_type", "skill_options");

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void listsEveryAgentWithEveryDocumentedFieldInTheFlatEnvelope() {
        JsonNode body = SimulatorApi.assertConsistent(search());

        assertEquals(300, body.path("agents").size());
        assertEquals(List.of("agents", "call_data", "queue_dialable_leads", "queue_calls_today", "queue_dropped",
                "queue_answered", "agent_total", "agent_incall", "agent_ready", "agent_paused"), names(body));
        for (JsonNode agent : body.path("agents")) {
            assertEquals(AGENT_FIELDS, names(agent));
            assertTrue(agent.path("calls_today").isNumber() && agent.path("total_calls").isNumber());
            assertTrue(agent.path("user_id").isTextual() && agent.path("campaign_id").isTextual());
            assertTrue(agent.path("status_time_mmss").asText().matches("\\d{2,}:\\d{2}"));
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void campaignFilterListsOnlyThatCampaignsAgents() {
        search("campaign_id", "112").then().statusCode(200)
                .body("agents.campaign_id", everyItem(equalTo("112")))
                .body("agents.queue_id", everyItem(org.hamcrest.Matchers.startsWith("112")));
    }

    @Test
    void queueFilterListsOnlyThatQueuesAgents() {
        JsonNode body = SimulatorApi.assertConsistent(search("queue_id", "1111"));

        assertFalse(body.path("agents").isEmpty());
        assertEquals(Set.of("1111"), Set.copyOf(SimulatorApi.texts(body, "queue_id")));
    }

    @Test
    void userFilterListsThatAgentOnly() {
        search("user_id", "10007").then().statusCode(200)
                .body("agents", hasSize(1))
                .body("agents[0].user_id", is("10007"))
                .body("agent_total", is(1));
    }

    @Test
    void skillFilterListsAgentsWithAnyOfTheSkills() {
        List<String> skills = SimulatorApi.texts(SimulatorApi.json(search("filter_by_skill_options", "french, billing")),
                "skill_options");

        assertFalse(skills.isEmpty());
        skills.forEach(options -> assertTrue(Arrays.asList(options.split(",")).stream()
                .anyMatch(skill -> skill.equals("french") || skill.equals("billing")), options));
        long withEither = simulator.agents().stream()
                .filter(agent -> agent.skillOptions().contains("french") || agent.skillOptions().contains("billing"))
                .count();
        assertEquals(withEither, skills.size(), "no agent with one of the skills is left out");
    }

    @Test
    void getWithQueryParametersFiltersLikePostWithAForm() {
        JsonNode get = SimulatorApi.json(searchGet("campaign_id", "222", "filter_by_skill_options", "spanish"));
        JsonNode post = SimulatorApi.json(search("campaign_id", "222", "filter_by_skill_options", "spanish"));

        assertFalse(get.path("agents").isEmpty());
        assertEquals(SimulatorApi.texts(post, "user_id"), SimulatorApi.texts(get, "user_id"));
    }

    @Test
    void postWithoutABodyListsEveryone() {
        given().queryParam("auth_token", SimulatorApi.token()).post(SEARCH).then().statusCode(200)
                .body("agent_total", is(300));
    }

    @Test
    void unknownCampaignAnswers6026() {
        search("campaign_id", "999").then().statusCode(200)
                .body("success", is(false)).body("code", is(6026)).body("text", is("Campaign not found"));
    }

    @Test
    void unknownQueueAnswers6041() {
        search("queue_id", "99999").then().statusCode(200)
                .body("success", is(false)).body("code", is(6041));
    }

    @Test
    void unknownUserAnswers6006() {
        search("user_id", "nobody").then().statusCode(200)
                .body(equalTo("{\"success\":false,\"code\":6006,\"text\":\"No such User\"}"));
    }

    @Test
    void wrongTokenAnswersHttp200WithTheUpstreamError() {
        given().queryParam("auth_token", "not-the-token").formParam("campaign_id", "111").post(SEARCH)
                .then().statusCode(200)
                .body(equalTo("{\"success\":false,\"error\":\"Invalid authentication token\"}"));
    }

    @Test
    void missingTokenAnswers401() {
        given().formParam("campaign_id", "111").post(SEARCH)
                .then().statusCode(401).body("error", is("Invalid authentication token"));
        given().get(SEARCH).then().statusCode(401);
    }

    @Test
    void agentsOffACallCarryTheUpstreamSentinels() {
        simulator.setStatus("10003", "READY");

        search("user_id", "10003").then().statusCode(200)
                .body("agents[0].lead_id", is("0"))
                .body("agents[0].call_type", is("-"))
                .body("agents[0].status_label", is("Ready for calls"));
    }

    @Test
    void customStatusesAreListedAsIs() {
        simulator.setStatus("10004", "LUNCH_BREAK");

        search("user_id", "10004").then().statusCode(200)
                .body("agents[0].status", is("LUNCH_BREAK"))
                .body("agents[0].status_label", is("Lunch break"))
                .body("agent_ready", is(0)).body("agent_paused", is(0));
    }

    @Test
    void loggedOutAgentsAreStillListed() {
        simulator.setStatus("10005", "LOGGED_OUT");

        search("campaign_id", simulator.agent("10005").orElseThrow().campaignId()).then().statusCode(200)
                .body("agents.findAll { it.user_id == '10005' }.status", hasItem("LOGGED_OUT"));
    }

    @Test
    void sameSeedGivesTheSameAgentsAfterAReset() {
        JsonNode before = SimulatorApi.json(search());
        simulator.reset();
        JsonNode after = SimulatorApi.json(search());

        for (String field : List.of("user_id", "user_full_name", "campaign_id", "queue_id", "extension",
                "skill_options", "connection_type", "channel_type", "list_id", "queue_assignment")) {
            assertEquals(SimulatorApi.texts(before, field), SimulatorApi.texts(after, field), field);
        }
    }

    @Test
    void addedAgentsAreListedInTheirCampaign() {
        simulator.addAgent("90001", "Added Agent", "333");

        search("user_id", "90001").then().statusCode(200)
                .body("agents[0].campaign_id", is("333"))
                .body("agents[0]", hasKey("skill_options"));
    }
}
