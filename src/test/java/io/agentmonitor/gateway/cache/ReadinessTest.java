package io.agentmonitor.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatorFault;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Readiness means "snapshots can be served", fresh or stale, not "the upstream answered once". */
@QuarkusTest
class ReadinessTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    HealthyUpstream upstream;

    @BeforeEach
    @AfterEach
    void reset() {
        upstream.restore();
    }

    @Test
    void readyWhileStaleSnapshotsCanStillBeServedThenNotReady() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'snapshots' }.data.upstream_failing", equalTo(false));

        simulator.fault(SimulatorFault.SERVER_ERROR);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                        .body("checks.find { it.name == 'snapshots' }.data.upstream_failing", equalTo(true)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));

        simulator.fault(SimulatorFault.NONE);
        CircuitBreakerMaintenance.get().resetAll();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void gatewayThatCannotReachTheUpstreamIsNotReady() {
        simulator.fault(SimulatorFault.SERVER_ERROR);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'snapshots' }.status", equalTo("DOWN"));
    }
}
