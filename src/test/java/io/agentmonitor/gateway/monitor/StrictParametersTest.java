package io.agentmonitor.gateway.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each operation takes the query parameters it declares and nothing else: a typo is a 400 that
 * names it (and what was meant), never the caller's whole view as if it had been obeyed.
 */
@QuarkusTest
class StrictParametersTest {

    private static final String SNAPSHOT = "/api/v1/agent-monitor";

    @Inject
    ConvosoSimulator simulator;

    @Inject
    HealthyUpstream upstream;

    @BeforeEach
    void reset() {
        upstream.restore();
    }

    @Test
    void aMistypedFilterIsRefusedWithWhatWasMeant() {
        given().auth().oauth2(TestTokens.admin()).queryParam("campain_id", "222")
                .when().get(SNAPSHOT)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors[0].name", equalTo("campain_id"))
                .body("errors[0].reason", containsString("did you mean campaign_id?"))
                .body("detail", containsString("campaign_id, queue_id, skill, user_id"));
        // (Lookups of one agent are left out: the audit trail's start-up sweep makes them whenever it runs.)
        assertEquals(0, simulator.searches().stream().filter(search -> search.userId() == null).count(),
                "refused before any upstream search");
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void aRepeatedSingleValuedFilterIsRefusedOnTheFastPathToo(boolean cachedAlready) {
        if (cachedAlready) {
            // A cached view is answered by the fast path; it must not answer this one with the first value.
            given().auth().oauth2(TestTokens.manager()).queryParam("campaign_id", "111").when().get(SNAPSHOT)
                    .then().statusCode(200);
        }
        given().auth().oauth2(TestTokens.manager()).queryParam("campaign_id", "111", "112")
                .when().get(SNAPSHOT)
                .then().statusCode(400)
                .body("errors[0].name", equalTo("campaign_id"))
                .body("errors[0].reason", equalTo("may be given only once"));
    }

    @Test
    void skillIsRepeatableAndTheCacheBusterIsIgnored() {
        given().auth().oauth2(TestTokens.supervisor()).queryParam("skill", "sales").queryParam("skill", "english")
                .queryParam("_", "1733580000000")
                .when().get(SNAPSHOT)
                .then().statusCode(200);
    }

    @Test
    void theOldPageNamesAreNotTheApis() {
        given().auth().oauth2(TestTokens.supervisor()).queryParam("campaign", "111")
                .when().get(SNAPSHOT)
                .then().statusCode(400)
                .body("errors[0].reason", containsString("did you mean campaign_id?"));
    }

    @Test
    void theStreamRefusesAnUnknownParameterInsteadOfStreamingTheWholeView() {
        given().auth().oauth2(TestTokens.supervisor()).queryParam("user", "10001")
                .when().get(SNAPSHOT + "/stream")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].name", equalTo("user"))
                .body("errors[0].reason", containsString("did you mean user_id?"));
    }

    @Test
    void operationsWithoutQueryParametersRefuseAny() {
        given().auth().oauth2(TestTokens.supervisor()).queryParam("verbose", "1")
                .when().get("/api/v1/me")
                .then().statusCode(400)
                .body("detail", containsString("this operation takes no query parameters"));
        given().auth().oauth2(TestTokens.auditor()).queryParam("limt", "5")
                .when().get("/api/v1/audit/logouts")
                .then().statusCode(400)
                .body("errors[0].reason", containsString("did you mean limit?"));
        given().auth().oauth2(TestTokens.auditor()).queryParam("limit", "5")
                .when().get("/api/v1/audit/logouts")
                .then().statusCode(200);
    }
}
