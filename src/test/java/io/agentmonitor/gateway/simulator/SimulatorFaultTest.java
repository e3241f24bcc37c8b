package io.agentmonitor.gateway.simulator;

import static io.agentmonitor.gateway.simulator.SimulatorApi.logout;
import static io.agentmonitor.gateway.simulator.SimulatorApi.search;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

@QuarkusTest
class SimulatorFaultTest {

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void reset() {
        simulator.reset();
        List.of("10030", "10031", "10032").forEach(agent -> simulator.setStatus(agent, "READY"));
    }

    @Test
    void serverErrorFaultAnswers500WithAnHtmlPage() {
        simulator.fault(SimulatorFault.SERVER_ERROR);

        search().then().statusCode(500).contentType(containsString("text/html"))
                .body(containsString("Internal Server Error"));
    }

    @Test
    void malformedFaultAnswers200WithABodyThatIsNotJson() {
        simulator.fault(SimulatorFault.MALFORMED);

        String body = search("campaign_id", "111").then().statusCode(200).extract().asString();

        assertTrue(body.startsWith("{\"agents\":["), body);
        assertThrows(JsonProcessingException.class, () -> new ObjectMapper().readTree(body));
    }

    @Test
    void failureFaultAnswers200WithSuccessFalse() {
        simulator.fault(SimulatorFault.FAILURE);

        search().then().statusCode(200).body(equalTo("{\"success\":false,\"error\":\"Internal failure\"}"));
    }

    @Test
    void rateLimitedFaultAnswers429WithRetryAfter() {
        simulator.fault(SimulatorFault.RATE_LIMITED);

        search().then().statusCode(429).header("Retry-After", "1").body("error", is("Too many requests"));
    }

    @Test
    void slowFaultHoldsSearchesWithoutHoldingThreads() {
        simulator.fault(SimulatorFault.SLOW);
        RestAssuredConfig impatient = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 400).setParam("http.connection.timeout", 400));

        List<CompletableFuture<Throwable>> pending = IntStream.range(0, 16)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> failureOf(() -> given().config(impatient)
                        .queryParam("auth_token", SimulatorApi.token()).post(SimulatorApi.SEARCH))))
                .toList();
        long started = System.nanoTime();
        logout("10030").then().statusCode(200).body("success", is(true));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1000, "logout was not held up");
        pending.forEach(call -> assertTrue(causedBy(call.join(), SocketTimeoutException.class), "search held"));
    }

    @Test
    void logoutHasItsOwnFaultSwitch() {
        simulator.fault(SimulatorFault.SERVER_ERROR);
        logout("10031").then().statusCode(200).body("success", is(true));

        simulator.fault(SimulatorFault.NONE);
        simulator.logoutFault(SimulatorFault.FAILURE);
        logout("10032").then().statusCode(200).body("error", is("Internal failure"));
        search().then().statusCode(200).body("agent_total", is(300));
        assertNotEquals("LOGGED_OUT", simulator.agent("10032").orElseThrow().status(),
                "a failed logout logs nobody out");
    }

    @Test
    void faultedCallsAreCountedAsCalls() {
        simulator.fault(SimulatorFault.FAILURE);
        search();
        search();
        simulator.logoutFault(SimulatorFault.SERVER_ERROR);
        logout("10033");

        assertEquals(new SimulatorStats(2, 1, 0, 3), simulator.stats());
    }

    @Test
    void resetClearsTheFaults() {
        simulator.fault(SimulatorFault.SLOW);
        simulator.logoutFault(SimulatorFault.MALFORMED);

        simulator.reset();

        assertEquals(SimulatorFault.NONE, simulator.fault());
        assertEquals(SimulatorFault.NONE, simulator.logoutFault());
    }

    private static Throwable failureOf(Runnable call) {
        try {
            call.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
