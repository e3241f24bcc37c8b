package io.agentmonitor.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.monitor.SseClient;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * "No such agent" is an answer: cached for the freshness interval like any other, so a view that
 * names nothing costs at most one search per interval, and it reads like an agent of another campaign.
 */
@QuarkusTest
class NotFoundAnswersTest {

    private static final String PATH = "/api/v1/agent-monitor";
    /** The test profile's freshness interval. */
    private static final Duration FRESHNESS = Duration.ofSeconds(1);

    @TestHTTPResource("/api/v1/agent-monitor/stream")
    URI stream;

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
    void anUnknownAgentsViewCostsAtMostOneSearchPerIntervalHoweverOftenItIsReadAndWatched() throws Exception {
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                streams.add(new SseClient(URI.create(stream + "?user_id=nobody-0"), TestTokens.supervisor(), null));
            }
            long started = System.currentTimeMillis();
            long reads = 0;
            // At least four seconds and twenty reads (a host busy with other work reads slower), at most thirty seconds.
            while (System.currentTimeMillis() - started < 4000
                    || reads <= 20 && System.currentTimeMillis() - started < 30_000) {
                given().auth().oauth2(TestTokens.supervisor()).queryParam("user_id", "nobody-0").when().get(PATH)
                        .then().statusCode(200).body("agents", empty());
                reads++;
            }
            long elapsed = System.currentTimeMillis() - started;

            long searches = simulator.searches().stream().filter(s -> "nobody-0".equals(s.userId())).count();
            long intervals = elapsed / FRESHNESS.toMillis() + 1;
            assertTrue(reads > 20, "reads: " + reads);
            assertTrue(searches <= intervals + 1, searches + " searches in " + elapsed + " ms for " + reads + " reads");
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void anUnknownAgentAndAnAgentOfAnotherCampaignCannotBeToldApart() {
        String foreign = given().auth().oauth2(TestTokens.otherSupervisor()).get(PATH).then().statusCode(200)
                .extract().jsonPath().getString("agents[0].user_id");
        for (String userId : List.of(foreign, "nobody-1")) {
            Response first = read(userId, null);
            assertEquals(200, first.statusCode(), userId);
            String etag = first.header("ETag");
            Response again = read(userId, null);
            // Within one freshness interval both views keep their entity tag and revalidate as 304.
            if (again.header("ETag").equals(etag)) {
                assertEquals(304, read(userId, etag).statusCode(), userId);
            } else {
                Response next = read(userId, again.header("ETag"));
                assertEquals(304, next.statusCode(), userId + ": a new entity tag at most once per interval");
            }
            assertTrue(first.jsonPath().getList("agents").isEmpty(), userId);
            assertEquals(Boolean.FALSE, first.jsonPath().get("stale"), userId);
        }
    }

    private static Response read(String userId, String etag) {
        var request = given().auth().oauth2(TestTokens.supervisor()).queryParam("user_id", userId);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return request.when().get(PATH);
    }
}
