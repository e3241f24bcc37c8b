package io.agentmonitor.gateway.attention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.upstream.RecordedUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Agents' levels and each campaign's counts follow the configured thresholds: here PAUSED is changed
 * to 1 and 2 minutes, HOLD is added in lower case, and the other defaults stay.
 */
@QuarkusTest
@TestProfile(AttentionLevelsTest.ChangedThresholds.class)
class AttentionLevelsTest {

    public static class ChangedThresholds extends RecordedUpstream.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.thresholds.PAUSED.warn", "1m", "gateway.thresholds.PAUSED.alert", "2m",
                    "gateway.thresholds.hold.warn", "30s", "gateway.upstream.time-zone", "America/New_York");
        }
    }

    @RecordedUpstream.Server
    WireMockServer upstream;

    @Inject
    SnapshotCache cache;

    @Test
    void levelsAndCountsFollowTheConfiguredThresholds() {
        cache.invalidateAll();
        upstream.resetAll();
        // Three minutes ago in the upstream's time zone, for the agent that has no status_time_sec.
        String threeMinutesAgo = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(Instant.now().minusSeconds(180).atZone(java.time.ZoneId.of("America/New_York")));
        upstream.stubFor(post(urlPathEqualTo("/agent-monitor/search")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"success":true,"agents":[
                         {"user_id":"1","campaign_id":"111","status":"PAUSED","status_label":"Paused - Lunch","status_time_sec":59},
                         {"user_id":"2","campaign_id":"111","status":"PAUSED","status_time_sec":60},
                         {"user_id":"3","campaign_id":"111","status":"PAUSED","status_time_sec":150},
                         {"user_id":"4","campaign_id":"111","status":"HOLD","status_time_sec":45},
                         {"user_id":"5","campaign_id":"111","status":"READY","status_time_sec":9999},
                         {"user_id":"6","campaign_id":"112","status":"RINGING","status_time_sec":25},
                         {"user_id":"7","campaign_id":"112","status":"WRAP","status_time_sec":400},
                         {"user_id":"8","campaign_id":"112","status":"PAUSED","last_state_change":"%s"}
                        ]}""".formatted(threeMinutesAgo))));

        JsonPath body = given().auth().oauth2(TestTokens.admin()).get("/api/v1/agent-monitor")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(List.of("ok", "warn", "alert", "warn", "ok", "warn", "alert", "alert"),
                body.getList("agents.level"));
        assertEquals(List.of(Map.of("campaign_id", "111", "ok", 2, "warn", 2, "alert", 1),
                Map.of("campaign_id", "112", "ok", 0, "warn", 1, "alert", 2)), body.getList("campaign_levels"));
        Instant generated = Instant.parse(body.getString("generated_at"));
        Instant since = Instant.parse(body.getString("agents[2].status_since"));
        assertEquals(generated.minusSeconds(150).getEpochSecond(), since.getEpochSecond(),
                "status_since is generated_at less status_time_sec");
        Instant fromStateChange = Instant.parse(body.getString("agents[7].status_since"));
        assertEquals(Instant.now().minusSeconds(180).getEpochSecond(), fromStateChange.getEpochSecond(), 5,
                "last_state_change is read in the upstream's time zone");

        JsonPath thresholds = given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/thresholds")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(Map.of("status", "HOLD", "warn_seconds", 30),
                Map.of("status", "PAUSED", "warn_seconds", 60, "alert_seconds", 120),
                Map.of("status", "RINGING", "warn_seconds", 20, "alert_seconds", 40),
                Map.of("status", "WRAP", "warn_seconds", 120, "alert_seconds", 300)), thresholds.getList("thresholds"));
    }

    @Test
    void thresholdsAreForSignedInCallersAndTakeNoParameters() {
        given().get("/api/v1/thresholds").then().statusCode(401);
        given().auth().oauth2(TestTokens.supervisor()).queryParam("status", "PAUSED").get("/api/v1/thresholds")
                .then().statusCode(400);
    }
}
