package io.agentmonitor.gateway.simulator;

import static io.agentmonitor.gateway.simulator.SimulatorApi.logout;
import static io.agentmonitor.gateway.simulator.SimulatorApi.search;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SimulatorRateLimitTest {

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void callsBeyondTheLimitAnswer429WithRetryAfter() {
        simulator.rateLimit(2);

        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(search());
        }

        Response rejected = answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
        rejected.then().header("Retry-After", "1").body("success", is(false)).body("error", is("Too many requests"));
        long accepted = answers.stream().filter(answer -> answer.statusCode() == 200).count();
        assertTrue(accepted >= 2 && accepted <= 4, "at most two per one-second window, got " + accepted);
        assertEquals(8 - accepted, simulator.stats().rateLimitedCalls());
        assertEquals(8, simulator.searchCalls(), "rejected calls are counted too");
    }

    @Test
    void searchAndLogoutShareTheLimit() {
        simulator.rateLimit(1);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(search().statusCode());
            statuses.add(logout("10040").statusCode());
        }

        assertTrue(statuses.stream().filter(status -> status == 429).count() >= 3, statuses::toString);
        assertEquals(3, simulator.logoutCalls());
    }

    @Test
    void resetRestoresTheConfiguredLimit() {
        simulator.rateLimit(1);

        simulator.reset();

        assertEquals(10000, simulator.rateLimit());
        for (int i = 0; i < 20; i++) {
            search("user_id", "10001").then().statusCode(200);
        }
    }
}
