package io.agentmonitor.gateway.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatorFault;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each upstream fault, on a view with no cached answer to fall back on, becomes a clear problem,
 * never a 500 or a stack trace.
 */
@QuarkusTest
class UpstreamFaultProblemsTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    HealthyUpstream upstream;

    @BeforeEach
    @AfterEach
    void healthyUpstream() {
        upstream.restore();
    }

    @ParameterizedTest
    @CsvSource({
            "SERVER_ERROR, 503, /problems/upstream-unavailable",
            "RATE_LIMITED, 503, /problems/upstream-unavailable",
            "MALFORMED,    502, /problems/upstream-malformed",
            "FAILURE,      502, /problems/upstream-error",
            "SLOW,         504, /problems/upstream-timeout" })
    void upstreamFaultOnAnUncachedViewBecomesAProblem(SimulatorFault fault, int status, String type) {
        simulator.fault(fault);
        given().auth().oauth2(TestTokens.supervisor())
                .when().get("/api/v1/agent-monitor")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo(type))
                .body("status", equalTo(status))
                .body(not(containsString("at io.")))
                .body(not(containsString("Exception")))
                .header("Retry-After", status == 502 ? nullValue() : notNullValue());
    }
}
