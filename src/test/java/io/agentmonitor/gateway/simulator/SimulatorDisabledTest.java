package io.agentmonitor.gateway.simulator;

import static io.agentmonitor.gateway.simulator.SimulatorApi.CONTROL;
import static io.agentmonitor.gateway.simulator.SimulatorApi.LOGOUT;
import static io.agentmonitor.gateway.simulator.SimulatorApi.SEARCH;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(SimulatorDisabledProfile.class)
class SimulatorDisabledTest {

    @Inject
    ConvosoSimulator simulator;

    @Test
    void everySimulatorPathAnswers404() {
        given().queryParam("auth_token", SimulatorApi.token()).formParam("campaign_id", "111").post(SEARCH)
                .then().statusCode(404);
        given().queryParam("auth_token", SimulatorApi.token()).get(SEARCH).then().statusCode(404);
        given().queryParam("auth_token", SimulatorApi.token()).formParam("user_id", "10001").post(LOGOUT)
                .then().statusCode(404);
        given().get(CONTROL).then().statusCode(404);
        given().get(CONTROL + "/stats").then().statusCode(404);
        given().put(CONTROL + "/fault/SLOW").then().statusCode(404);
        given().post(CONTROL + "/reset").then().statusCode(404);
    }

    @Test
    void hiddenCallsNeverReachTheSimulator() {
        simulator.resetCounters();

        given().queryParam("auth_token", SimulatorApi.token()).get(SEARCH).then().statusCode(404);

        assertEquals(0, simulator.searchCalls());
    }
}
