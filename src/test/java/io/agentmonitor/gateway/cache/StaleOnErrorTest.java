package io.agentmonitor.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatorFault;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * While the upstream misbehaves, readers keep the last good snapshot, marked stale with its true
 * age, until it is older than the maximum staleness (4 s in tests); the gateway recovers by itself.
 * Stale means failing: an answer that is only old is not marked stale.
 */
@QuarkusTest
class StaleOnErrorTest {

    private static final String PATH = "/api/v1/agent-monitor";

    @Inject
    ConvosoSimulator simulator;

    @Inject
    HealthyUpstream upstream;

    @BeforeEach
    @AfterEach
    void reset() {
        upstream.restore();
    }

    @ParameterizedTest
    @EnumSource(value = SimulatorFault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void staleSnapshotServedWhileUpstreamFailsThenRecovery(SimulatorFault fault) {
        String token = TestTokens.supervisor();
        String goodAgents = given().auth().oauth2(token).get(PATH).then().statusCode(200)
                .body("stale", is(false)).extract().jsonPath().getString("agents.user_id");

        simulator.fault(fault);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().auth().oauth2(token).get(PATH).then().statusCode(200)
                        .body("stale", is(true))
                        .body("age_seconds", greaterThanOrEqualTo(1))
                        .header("X-Snapshot-Stale", equalTo("true"))
                        .header("Cache-Control", equalTo("private, max-age=0")));
        given().auth().oauth2(token).get(PATH).then().statusCode(200)
                .body("agents.user_id.toString()", equalTo(goodAgents));

        simulator.fault(SimulatorFault.NONE);
        CircuitBreakerMaintenance.get().resetAll();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().auth().oauth2(token).get(PATH).then().statusCode(200)
                        .body("stale", is(false))
                        .header("X-Snapshot-Stale", nullValue()));
    }

    @Test
    void aViewReadAfterIdlingIsOldButNotStaleWhileTheUpstreamIsHealthy() throws InterruptedException {
        String token = TestTokens.supervisor();
        given().auth().oauth2(token).queryParam("campaign_id", "111").get(PATH).then().statusCode(200);
        // Nobody reads it for well over two freshness intervals (1 s in tests), within the maximum staleness.
        Thread.sleep(2_600);
        given().auth().oauth2(token).queryParam("campaign_id", "111").get(PATH).then().statusCode(200)
                .body("stale", is(false))
                .body("age_seconds", greaterThanOrEqualTo(2))
                .header("X-Snapshot-Stale", nullValue());
    }

    @ParameterizedTest
    @EnumSource(value = SimulatorFault.class, names = { "SERVER_ERROR", "MALFORMED" })
    void pastMaximumStalenessTheAnswerIsAProblem(SimulatorFault fault) {
        String token = TestTokens.supervisor();
        given().auth().oauth2(token).get(PATH).then().statusCode(200);
        simulator.fault(fault);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    // 502 for the unreadable answer itself, 503 once the circuit has opened.
                    var response = given().auth().oauth2(token).get(PATH).then()
                            .statusCode(org.hamcrest.Matchers.oneOf(502, 503))
                            .contentType("application/problem+json");
                    if (response.extract().statusCode() == 503) {
                        response.header("Retry-After", notNullValue());
                    }
                });
        simulator.fault(SimulatorFault.NONE);
        CircuitBreakerMaintenance.get().resetAll();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().auth().oauth2(token).get(PATH).then().statusCode(200)
                        .body("stale", is(false)));
    }
}
