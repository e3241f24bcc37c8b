package io.agentmonitor.gateway.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.monitor.SseClient;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** One caller cannot hold or do more than their share: each limit answers a 429 problem and changes nothing. */
@QuarkusTest
@TestProfile(CallerLimitsTest.SmallLimits.class)
class CallerLimitsTest {

    private static final String SNAPSHOT = "/api/v1/agent-monitor";

    /** Two streams (four for the wallboard role), three live views, three logout attempts a minute. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.gateway.limits.streams-per-subject", "2",
                    "%test.gateway.limits.streams-per-role.wallboard", "4",
                    "%test.gateway.limits.views-per-subject", "3",
                    "%test.gateway.limits.logouts-per-minute", "3");
        }
    }

    @TestHTTPResource("/api/v1/agent-monitor/stream")
    URI stream;

    @Inject
    ConvosoSimulator simulator;

    private final List<SseClient> open = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        open.forEach(SseClient::close);
        open.clear();
    }

    @Test
    void aStreamBeyondTheLimitIsA429WithRetryAfterAndOtherUsersAreNotAffected() throws Exception {
        String sam = supervisor("sam-streams");
        assertEquals(200, open(sam, null).status());
        assertEquals(200, open(sam, null).status());
        double refusedBefore = refused("streams");

        SseClient third = open(sam, null);

        assertEquals(429, third.status());
        assertNotNull(third.header("Retry-After"));
        assertEquals("application/problem+json", third.header("Content-Type"));
        assertEquals(1, refused("streams") - refusedBefore);
        assertEquals(200, open(supervisor("sue-streams"), null).status(), "another user's streams are their own");

        open.get(0).close();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> open(sam, null).status() == 200);
    }

    @Test
    void aReconnectWithLastEventIdMayOverlapTheStreamItReplacesOnce() throws Exception {
        String sam = supervisor("sam-resume");
        SseClient first = open(sam, null);
        open(sam, null);
        String id = first.nextEvent(java.time.Duration.ofSeconds(30)).id();

        assertEquals(200, open(sam, id).status(), "the page opens the next stream before closing the old one");
        assertEquals(429, open(sam, id).status());
    }

    @Test
    void aRoleMayCarryAHigherStreamLimit() throws Exception {
        String wall = TestTokens.token("tv-hall", List.of("monitor-viewer", "wallboard"), List.of("campaign-111"));
        for (int i = 0; i < 4; i++) {
            assertEquals(200, open(wall, null).status(), "stream " + (i + 1));
        }
        assertEquals(429, open(wall, null).status());
    }

    @Test
    void aViewBeyondTheLimitIsRefusedWhileViewsAlreadyLiveStayReadable() {
        String sam = supervisor("sam-views");
        for (String skill : List.of("sales", "english", "spanish")) {
            read(sam, skill).statusCode(200);
        }
        double refusedBefore = refused("views");

        read(sam, "support").statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("/problems/too-many-requests"));

        assertEquals(1, refused("views") - refusedBefore);
        read(sam, "sales").statusCode(200);
        read(sam, "english").statusCode(200);
        read(supervisor("sue-views"), "support").statusCode(200);
    }

    @Test
    void logoutAttemptsBeyondTheLimitAre429AndRecordNothing() {
        String rita = TestTokens.token("rita-limits", List.of("offline_access"), List.of("campaign-111"));
        String agent = simulator.agents().get(0).userId();
        for (int i = 0; i < 3; i++) {
            logout(rita, agent, null).statusCode(403);
        }
        int recorded = auditedAttemptsOf("rita-limits");

        logout(rita, agent, "retry-key").statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("/problems/too-many-requests"));

        assertEquals(3, recorded);
        assertEquals(recorded, auditedAttemptsOf("rita-limits"), "a refusal by the limit is not chained");
        assertTrue(refused("logouts") >= 1);
        assertEquals(0, simulator.logoutCalls());
    }

    private SseClient open(String token, String lastEventId) throws Exception {
        SseClient client = new SseClient(stream, token, lastEventId);
        open.add(client);
        return client;
    }

    private static String supervisor(String name) {
        return TestTokens.token(name, List.of("monitor-viewer"), List.of("campaign-111"));
    }

    private static ValidatableResponse read(String token, String skill) {
        return given().auth().oauth2(token).queryParam("skill", skill).when().get(SNAPSHOT).then();
    }

    private static ValidatableResponse logout(String token, String agent, String key) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "Testing"));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/api/v1/agents/{user_id}/logout", agent).then();
    }

    private static int auditedAttemptsOf(String username) {
        return given().auth().oauth2(TestTokens.auditor()).queryParam("actor", "sub-" + username)
                .queryParam("limit", 200).when().get("/api/v1/audit/logouts").then().statusCode(200)
                .extract().jsonPath().getList("items").size();
    }

    private static double refused(String limit) {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("gateway_limits_refused_total{") && line.contains("limit=\"" + limit + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
