package io.agentmonitor.gateway.simulator;

import static io.agentmonitor.gateway.simulator.SimulatorApi.LOGOUT;
import static io.agentmonitor.gateway.simulator.SimulatorApi.logout;
import static io.agentmonitor.gateway.simulator.SimulatorApi.search;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SimulatorLogoutTest {

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void reset() {
        simulator.reset();
        simulator.setStatus("10020", "INCALL");
    }

    @Test
    void logoutMovesTheAgentToLoggedOut() {
        logout("10020").then().statusCode(200).body(equalTo("{\"success\":true}"));

        search("user_id", "10020").then().statusCode(200)
                .body("agents[0].status", is("LOGGED_OUT"))
                .body("agents[0].lead_id", is("0"))
                .body("agents[0].call_type", is("-"));
        assertEquals("LOGGED_OUT", simulator.agent("10020").orElseThrow().status());
    }

    @Test
    void secondLogoutAnswers6012() {
        logout("10020").then().body("success", is(true));

        logout("10020").then().statusCode(200)
                .body("success", is(false)).body("code", is(6012)).body("text", is("User is not logged in"));
    }

    @Test
    void logoutOfAnUnknownUserAnswers6006() {
        logout("nobody").then().statusCode(200).body("code", is(6006)).body("text", is("No such User"));
    }

    @Test
    void logoutWithoutAUserAnswers6006() {
        given().queryParam("auth_token", SimulatorApi.token()).formParam("user_id", "").post(LOGOUT)
                .then().statusCode(200).body("code", is(6006));
    }

    @Test
    void logoutWithAWrongTokenLogsNobodyOut() {
        given().queryParam("auth_token", "wrong").formParam("user_id", "10020").post(LOGOUT)
                .then().statusCode(200).body("error", is("Invalid authentication token"));

        assertEquals("INCALL", simulator.agent("10020").orElseThrow().status());
    }
}
