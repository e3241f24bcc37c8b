package io.agentmonitor.gateway.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SnapshotValidationTest {

    @Inject
    ConvosoSimulator simulator;

    @ParameterizedTest
    @ValueSource(strings = { "111;DROP", "../222", "1111111111111111111111111111111111", "111 OR 1=1", "%00" })
    void malformedIdsAreRejectedBeforeAnyUpstreamCall(String campaignId) {
        simulator.resetCounters();
        given().auth().oauth2(TestTokens.admin())
                .queryParam("campaign_id", campaignId)
                .when().get("/api/v1/agent-monitor")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors.name", hasItem(containsString("campaign_id")));
        org.junit.jupiter.api.Assertions.assertEquals(0, simulator.searchCalls());
    }

    @Test
    void malformedSkillIsRejected() {
        given().auth().oauth2(TestTokens.supervisor())
                .queryParam("skill", "sales,<script>")
                .when().get("/api/v1/agent-monitor")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("skill"));
    }

    @Test
    void tooManySkillsAreRejected() {
        given().auth().oauth2(TestTokens.supervisor())
                .queryParam("skill", String.join(",", java.util.stream.IntStream.range(0, 21)
                        .mapToObj(i -> "s" + i).toList()))
                .when().get("/api/v1/agent-monitor")
                .then().statusCode(400)
                .body("detail", equalTo("At most 20 skills may be given."));
    }

    @Test
    void unknownPathIsANotFoundProblem() {
        given().auth().oauth2(TestTokens.supervisor())
                .when().get("/api/v1/nothing-here")
                .then().statusCode(404);
    }
}
