package io.agentmonitor.gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.cache.SnapshotCache;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RecordedUpstream.Profile.class)
class RecordedUpstreamTest {

    private static final String PATH = "/api/v1/agent-monitor";

    @RecordedUpstream.Server
    WireMockServer upstream;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters())
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Inject
    SnapshotCache cache;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        cache.invalidateAll();
        CircuitBreakerMaintenance.get().resetAll();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void searchIsAFormPostWithTheTokenInTheQueryString() {
        upstream.stubFor(post(urlPathEqualTo("/agent-monitor/search"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"agents\":[]}")));
        given().auth().oauth2(TestTokens.supervisor()).get(PATH).then().statusCode(200);
        upstream.verify(postRequestedFor(urlPathEqualTo("/agent-monitor/search"))
                .withQueryParam("auth_token", equalTo(RecordedUpstream.TOKEN))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("campaign_id=111")));
    }

    @Test
    void upstreamThatWronglyReturnsOtherCampaignsIsFilteredAndItsFiguresDropped() {
        upstream.stubFor(post(urlPathEqualTo("/agent-monitor/search"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"agents":[
                          {"user_id":"1","campaign_id":"111","status":"READY"},
                          {"user_id":"2","campaign_id":"222","status":"INCALL","user_full_name":"Secret Sam"},
                          {"user_id":"3","campaign_id":"0","status":"INCALL"}],
                         "call_data":{"total_calls":999,"answered":900,"dropped":99},
                         "queue_calls_today":999,"agent_total":3,"agent_incall":2,"agent_ready":1,"agent_paused":0}
                        """)));
        String body = given().auth().oauth2(TestTokens.supervisor()).get(PATH).then().statusCode(200)
                .body("agents.campaign_id", everyItem(org.hamcrest.Matchers.equalTo("111")))
                .body("agent_total", org.hamcrest.Matchers.equalTo(1))
                .body("agent_incall", org.hamcrest.Matchers.equalTo(0))
                .body("agent_ready", org.hamcrest.Matchers.equalTo(1))
                .body("queue_calls_today", nullValue())
                .body("call_data", nullValue())
                .extract().asString();
        assertTrue(!body.contains("Secret Sam") && !body.contains("999"), body);
    }

    @Test
    void tokenNeverLeaksIntoResponsesLogsOrMetrics() {
        upstream.stubFor(post(urlPathEqualTo("/agent-monitor/search"))
                .willReturn(aResponse().withStatus(200).withBody(
                        "{\"success\":false,\"code\":7001,\"text\":\"Bad request for auth_token="
                                + RecordedUpstream.TOKEN + "\"}")));
        String error = given().auth().oauth2(TestTokens.admin()).get(PATH).then().statusCode(502)
                .contentType("application/problem+json")
                .body("upstream_code", org.hamcrest.Matchers.equalTo(7001))
                .extract().asString();
        upstream.stubFor(post(urlPathEqualTo("/agent-monitor/search"))
                .willReturn(aResponse().withStatus(500).withBody("token " + RecordedUpstream.TOKEN)));
        String unavailable = given().auth().oauth2(TestTokens.admin()).get(PATH).then().statusCode(503)
                .extract().asString();
        upstream.stubFor(post(urlPathEqualTo("/agent-monitor/search"))
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        String reset = given().auth().oauth2(TestTokens.admin()).get(PATH).then().statusCode(503)
                .extract().asString();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        for (String text : List.of(error, unavailable, reset, metrics, String.join("\n", logLines))) {
            org.hamcrest.MatcherAssert.assertThat(text, not(org.hamcrest.Matchers.containsString(RecordedUpstream.TOKEN)));
        }
        org.hamcrest.MatcherAssert.assertThat(metrics,
                org.hamcrest.Matchers.containsString("gateway_upstream_calls_seconds_count{endpoint=\"search\""));
    }
}
