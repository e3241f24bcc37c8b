package io.agentmonitor.gateway.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.upstream.RecordedUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * However many clients and views, upstream searches stay within the budget (5 per second here) in
 * every one-second window, measured where the upstream sees them; when demand is higher, answers get
 * older instead of failing.
 */
@QuarkusTest
@TestProfile(UpstreamBudgetTest.SmallBudget.class)
class UpstreamBudgetTest {

    private static final int BUDGET = 5;

    /** The recorded upstream with a budget of five searches per second. */
    public static class SmallBudget extends RecordedUpstream.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.budget.searches-per-second", String.valueOf(BUDGET),
                    "gateway.budget.permit-wait", "5s");
        }
    }

    @RecordedUpstream.Server
    WireMockServer upstream;

    @Inject
    SnapshotCache cache;

    @Test
    void manyViewsUnderASmallBudgetNeverExceedItAndKeepAnswering() throws Exception {
        cache.invalidateAll();
        upstream.resetAll();
        upstream.stubFor(post(urlPathEqualTo("/agent-monitor/search")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"agents\":[{\"user_id\":\"1\",\"campaign_id\":\"111\",\"status\":\"READY\"}]}")));
        String token = TestTokens.admin();
        // The gateway's first upstream call opens the connection and loads code: its request reaches the
        // upstream late, which would crowd the next ones into its window. Measured from the second on.
        given().auth().oauth2(token).queryParam("campaign_id", "99").get("/api/v1/agent-monitor").then()
                .statusCode(200);
        Thread.sleep(1_100);
        upstream.resetRequests();
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        List<Integer> ages = Collections.synchronizedList(new ArrayList<>());
        List<String> refusals = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                for (int i = client; System.nanoTime() < end; i++) {
                    Response response = given().auth().oauth2(token)
                            .queryParam("campaign_id", String.valueOf(100 + i % 10)).get("/api/v1/agent-monitor");
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 200) {
                        ages.add(response.jsonPath().getInt("age_seconds"));
                    } else {
                        refusals.add(response.statusCode() + " " + response.jsonPath().getString("detail"));
                    }
                }
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();

        List<Long> calls = upstream.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .map(r -> r.getLoggedDate().getTime()).sorted().toList();
        int worst = 0;
        for (int i = 0; i < calls.size(); i++) {
            long windowStart = calls.get(i);
            // 50 ms of slack for the network between the gateway's permit and the upstream's clock.
            int inWindow = (int) calls.stream().filter(t -> t >= windowStart && t < windowStart + 950).count();
            worst = Math.max(worst, inWindow);
        }
        System.out.printf("budget %d/s: %d upstream searches, worst window %d, %d client answers, max age %d s%n",
                BUDGET, calls.size(), worst, statuses.size(), ages.stream().max(Integer::compare).orElse(-1));
        long first = calls.isEmpty() ? 0 : calls.get(0);
        assertTrue(worst <= BUDGET, "upstream searches in one second: " + worst + " (ms after the first: "
                + calls.stream().map(t -> t - first).toList() + ")");
        assertTrue(calls.size() >= 10, "every view was fetched at least once");
        assertEquals(List.of(), refusals.stream().distinct().toList(), "no client got an error");
        assertTrue(ages.stream().anyMatch(age -> age >= 1), "under pressure answers get older");
    }
}
