package io.agentmonitor.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Many screens, one upstream call: what the upstream sees when many callers read the same view. A
 * long freshness interval keeps background refreshes out of the counts.
 */
@QuarkusTest
@TestProfile(CoalescingCacheTest.LongFreshness.class)
class CoalescingCacheTest {

    public static class LongFreshness implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.cache.freshness", "30s", "gateway.cache.refresh-ahead", "1s",
                    "gateway.cache.max-staleness", "60s", "gateway.upstream.timeout", "10s",
                    "quarkus.rest-client.convoso.read-timeout", "10000");
        }
    }

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

    @Test
    void concurrentReadersOfAColdViewCauseExactlyOneUpstreamCall() throws Exception {
        // Slow enough that the 200 requests arrive while the one search is in flight.
        simulator.latency(Duration.ofMillis(2000), Duration.ZERO);
        String token = TestTokens.supervisor();
        ExecutorService pool = Executors.newFixedThreadPool(200);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<Integer>> readers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                readers.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return given().auth().oauth2(token).queryParam("campaign_id", "111").get(PATH).statusCode();
                }, pool));
            }
            start.countDown();
            for (CompletableFuture<Integer> reader : readers) {
                assertEquals(200, reader.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, viewSearches(), "200 readers of one cold view, one upstream search");
    }

    @Test
    void aReaderWhoHangsUpDuringTheLoadDoesNotCancelItForTheOthers() throws Exception {
        simulator.latency(Duration.ofMillis(1500), Duration.ZERO);
        String token = TestTokens.supervisor();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            // The first reader starts the load, then hangs up while it is in flight.
            try (Socket leaving = new Socket("localhost", RestAssured.port)) {
                leaving.getOutputStream().write(("GET " + PATH + "?campaign_id=111 HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                leaving.getOutputStream().flush();
                // On a busy host the request may take a while to reach the upstream; only that it does matters.
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> viewSearches() >= 1);
                List<CompletableFuture<Integer>> staying = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    staying.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                            .queryParam("campaign_id", "111").get(PATH).statusCode(), pool));
                }
                Thread.sleep(300);
                leaving.close();
                for (CompletableFuture<Integer> reader : staying) {
                    assertEquals(200, reader.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, viewSearches(), "the readers who stayed got the answer of the one search");
    }

    /**
     * Searches for views, leaving out lookups of one agent: the audit trail's start-up sweep looks up
     * the agents of attempts an earlier test left without an outcome, whenever it runs.
     */
    private long viewSearches() {
        return simulator.searches().stream().filter(search -> search.userId() == null).count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void callersOfTheSameCampaignShareOneEntryWhateverTheirRole() {
        given().auth().oauth2(TestTokens.supervisor()).queryParam("campaign_id", "111").get(PATH)
                .then().statusCode(200);
        given().auth().oauth2(TestTokens.manager()).queryParam("campaign_id", "111").get(PATH)
                .then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).queryParam("campaign_id", "111").get(PATH)
                .then().statusCode(200);
        given().auth().oauth2(TestTokens.supervisor()).queryParam("campaign_id", "111")
                .queryParam("skill", "sales,english").get(PATH).then().statusCode(200);
        given().auth().oauth2(TestTokens.manager()).queryParam("campaign_id", "111")
                .queryParam("skill", "english").queryParam("skill", "sales").get(PATH).then().statusCode(200);
        assertEquals(2, viewSearches(), "one entry per normalized query, skills in any order");
    }

    @Test
    void answersCarryEntityTagAndFreshnessHeaders() {
        String token = TestTokens.supervisor();
        var first = given().auth().oauth2(token).get(PATH).then().statusCode(200)
                .header("ETag", notNullValue())
                .header("Cache-Control", org.hamcrest.Matchers.matchesPattern("private, max-age=(29|30)"))
                .header("Age", notNullValue())
                .header("X-Snapshot-Stale", nullValue())
                .extract();
        String etag = first.header("ETag");
        given().auth().oauth2(token).header("If-None-Match", etag).get(PATH)
                .then().statusCode(304)
                .header("ETag", equalTo(etag))
                .body(equalTo(""));
        given().auth().oauth2(TestTokens.manager()).header("If-None-Match", etag).get(PATH)
                .then().statusCode(200);
        given().auth().oauth2(token).header("If-None-Match", "\"something-else\"").get(PATH)
                .then().statusCode(200);
    }
}
