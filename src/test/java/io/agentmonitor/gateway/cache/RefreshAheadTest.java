package io.agentmonitor.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Views being read stay fresh without making their readers wait (freshness 1 s in tests). A refresh
 * may lead by up to half the interval, while it waits for a budget permit at most 200 ms.
 */
@QuarkusTest
@TestProfile(RefreshAheadTest.LongLead.class)
class RefreshAheadTest {

    public static class LongLead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.cache.refresh-ahead", "800ms", "gateway.budget.refresh-permit-wait", "200ms");
        }
    }

    private static final String PATH = "/api/v1/agent-monitor";

    @Inject
    ConvosoSimulator simulator;

    @Inject
    HealthyUpstream upstream;

    @Inject
    SnapshotCache cache;

    @BeforeEach
    @AfterEach
    void reset() {
        upstream.restore();
    }

    @Test
    void viewBeingReadIsRefreshedAheadAndReadersNeverWait() {
        String token = TestTokens.supervisor();
        given().auth().oauth2(token).get(PATH).then().statusCode(200);
        long first = simulator.searchCalls();
        simulator.latency(Duration.ofMillis(300), Duration.ZERO);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            long started = System.nanoTime();
            given().auth().oauth2(token).get(PATH).then().statusCode(200).body("stale", is(false));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 250,
                    "a cached read never waits for the 300 ms upstream");
            assertTrue(simulator.searchCalls() > first, "refreshed in the background");
        });
    }


    @Test
    void aViewReadWithoutPauseCostsOneUpstreamCallPerFreshnessIntervalThoughItsRefreshOutlastsThePermitWait()
            throws InterruptedException {
        String token = TestTokens.supervisor();
        // A refresh takes longer than it may wait for a permit (200 ms): it must still start early enough.
        // It stays within the largest lead, half the interval, even on a slow host.
        simulator.latency(Duration.ofMillis(300), Duration.ZERO);
        given().auth().oauth2(token).get(PATH).then().statusCode(200);
        // Never more than one call an interval, in every window. Refreshes that start too late show as
        // fewer calls in every window; a host busy with something else may delay one window's, so the
        // lower bound gets up to three windows.
        List<String> late = new ArrayList<>();
        for (int window = 1; window <= 3; window++) {
            long before = simulator.searchCalls();
            long started = System.nanoTime();
            Duration elapsed = Duration.ZERO;
            while (elapsed.compareTo(Duration.ofSeconds(10)) < 0) {
                given().auth().oauth2(token).get(PATH).then().statusCode(200).body("stale", is(false));
                Thread.sleep(20);
                elapsed = Duration.ofNanos(System.nanoTime() - started);
            }
            long calls = simulator.searchCalls() - before;
            double intervals = elapsed.toMillis() / 1000.0; // freshness is 1 s in tests
            assertTrue(calls <= intervals + 1, calls + " upstream calls in " + intervals + " freshness intervals");
            // Leading by no more than the permit wait, refreshes would land 200 ms late: 8 calls in 10 intervals.
            if (calls >= intervals - 1.5) {
                return;
            }
            late.add("window " + window + ": only " + calls + " upstream calls in " + intervals + " intervals");
        }
        fail(String.join("\n", late));
    }

    @Test
    void readersOnSeveralThreadsStartOneRefreshPerIntervalEvenAsEachAnswerLands() throws Exception {
        SearchQuery query = SearchQuery.of("111", "1112", null, List.of());
        simulator.latency(Duration.ofMillis(100), Duration.ZERO);
        cache.get(query, null).await().atMost(Duration.ofSeconds(30));
        long before = simulator.searchCalls();
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(8).toNanos();
        // Readers that never pause: some are bound to read the old answer while its refresh lands.
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                running.add(readers.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        cache.get(query, null).await().atMost(Duration.ofSeconds(30));
                    }
                }));
            }
            for (Future<?> reader : running) {
                reader.get();
            }
        } finally {
            readers.shutdownNow();
        }
        long calls = simulator.searchCalls() - before;
        double intervals = (System.nanoTime() - started) / 1e9; // freshness is 1 s in tests
        assertTrue(calls <= intervals + 1, calls + " upstream calls in " + intervals + " freshness intervals");
        assertTrue(calls >= intervals - 1.5, "only " + calls + " upstream calls in " + intervals + " intervals");
    }

    @Test
    void entityTagChangesWhenTheViewDoes() {
        String token = TestTokens.supervisor();
        String etag = given().auth().oauth2(token).get(PATH).then().statusCode(200).extract().header("ETag");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .header("If-None-Match", etag).get(PATH).then().statusCode(200)
                .body("agents.campaign_id", everyItem(equalTo("111")))
                .body("age_seconds", greaterThanOrEqualTo(0)));
    }
}
