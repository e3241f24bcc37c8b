package io.agentmonitor.gateway.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The gateway as one replica among others: the test plays the other replicas by writing to a private
 * Redis what they would (shared answers, leases, budget, notices), and checks what this replica
 * serves and what the upstream (the simulator's call counter) sees. Then Redis goes away and comes back.
 */
@QuarkusTest
@TestProfile(SharedTierTest.WithRedis.class)
class SharedTierTest {

    private static final String PREFIX = "amg-test:";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The test profile plus a private Redis and the shared tier switched on. */
    public static class WithRedis implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivateRedis.class));
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    ConvosoSimulator simulator;

    @Inject
    SnapshotCache cache;

    @Inject
    HealthyUpstream upstream;

    @Inject
    RedisLink link;

    @Inject
    SignedValues signed;

    RedisServer server;

    @BeforeEach
    @AfterEach
    void reset() throws Exception {
        if (!redisAnswers()) {
            server.start();
            Awaitility.await().atMost(WAIT).until(() -> "up".equals(readinessRedis()));
        }
        redis.flushall();
        upstream.restore();
    }

    @Test
    void freshAnswerSharedByAnotherReplicaIsServedWithoutCallingTheUpstream() throws Exception {
        shareAsOtherReplica("111|||", agent("990001", "111"), System.currentTimeMillis(), false);

        JsonPath answer = given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(List.of("990001"), answer.getList("agents.user_id"));
        assertEquals(0, simulator.searchCalls(), "the upstream was spared");
    }

    @Test
    void readerOfANewViewWaitsForTheLeaseHolderInsteadOfCallingTheUpstream() throws Exception {
        redis.execute("SET", PREFIX + "lease:112|||", "other-replica", "PX", "5000");
        CompletableFuture<JsonPath> reader = CompletableFuture.supplyAsync(() -> given()
                .auth().oauth2(TestTokens.manager()).queryParam("campaign_id", "112").get("/api/v1/agent-monitor")
                .then().statusCode(200).extract().jsonPath());
        Thread.sleep(500);
        assertTrue(!reader.isDone(), "the reader waits for the replica holding the lease");

        shareAsOtherReplica("112|||", agent("990002", "112"), System.currentTimeMillis(), true);

        assertEquals(List.of("990002"), reader.get(30, TimeUnit.SECONDS).getList("agents.user_id"));
        assertEquals(0, simulator.searchCalls(), "only the lease holder called the upstream");
    }

    @Test
    void aLeaseThisReplicaStillHoldsDoesNotHoldUpItsOwnRefresh() {
        // Kept after a failed refresh, or not given back yet after a put-off one.
        redis.execute("SET", PREFIX + "lease:112|||", link.replicaId(), "PX", "30000");

        // Waiting for the lease holder would end in a 503 once the lease wait is over.
        given().auth().oauth2(TestTokens.manager()).queryParam("campaign_id", "112").get("/api/v1/agent-monitor")
                .then().statusCode(200);

        assertEquals(1, simulator.searchCalls(), "this replica fetched the view itself");
    }

    @Test
    void answerSharedByAnotherReplicaReachesThisReplicasStream() throws Exception {
        given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor").then().statusCode(200);
        List<SearchQuery> changed = new CopyOnWriteArrayList<>();
        Cancellable subscription = cache.changes().subscribe().with(changed::add);
        try {
            shareAsOtherReplica("111|||", agent("990003", "111"), System.currentTimeMillis(), true);

            Awaitility.await().atMost(WAIT).until(() -> changed.contains(SearchQuery.of("111", null, null, null)));
            assertEquals(List.of("990003"), given().auth().oauth2(TestTokens.supervisor())
                    .get("/api/v1/agent-monitor").then().statusCode(200).extract().jsonPath()
                    .getList("agents.user_id"));
        } finally {
            subscription.cancel();
        }
    }

    @Test
    void logoutOnAnotherReplicaRefreshesTheViewsShowingTheAgent() {
        String agent = given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor")
                .then().statusCode(200).extract().jsonPath().getString("agents[0].user_id");
        long before = simulator.searchCalls();

        other().publish("logouts", OtherReplica.NAME + " " + System.currentTimeMillis() + " " + agent);

        // The view is still fresh: only the notice makes this replica refresh it.
        Awaitility.await().atMost(Duration.ofMillis(700)).until(() -> simulator.searchCalls() > before);
    }

    @Test
    void upstreamBudgetIsTakenFromRedis() {
        // Other replicas reserved the shared schedule's permits for the next 1.5 s.
        var time = redis.execute("TIME");
        long now = time.get(0).toLong() * 1_000_000 + time.get(1).toLong();
        redis.execute("SET", PREFIX + "budget", String.valueOf(now + 1_500_000), "PX", "5000");

        long start = System.nanoTime();
        given().auth().oauth2(TestTokens.admin()).queryParam("campaign_id", "113").get("/api/v1/agent-monitor")
                .then().statusCode(200);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(waited >= 1_200, "the new view waited for the shared bucket: " + waited + " ms");
        assertEquals(1, simulator.searchCalls());
    }

    @Test
    void replicaServesFromItsOwnCacheWhileRedisIsDownAndRecovers() throws Exception {
        given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor").then().statusCode(200);
        server.kill();

        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500);
        while (System.nanoTime() < end) {
            given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor").then().statusCode(200);
            given().auth().oauth2(TestTokens.manager()).queryParam("campaign_id", "112").get("/api/v1/agent-monitor")
                    .then().statusCode(200);
            Thread.sleep(50);
        }
        assertTrue(simulator.searchCalls() >= 3, "views were refreshed locally meanwhile");
        assertEquals("down", readinessRedis());
        assertTrue(metrics().contains("gateway_redis_up 0.0"));

        server.start();
        Awaitility.await().atMost(WAIT).until(() -> "up".equals(readinessRedis()));
        assertTrue(metrics().contains("gateway_redis_up 1.0"));
        // Subscribed again: another replica's answer reaches this one.
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            shareAsOtherReplica("111|||", agent("990004", "111"), System.currentTimeMillis(), true);
            assertEquals(List.of("990004"), given().auth().oauth2(TestTokens.supervisor())
                    .get("/api/v1/agent-monitor").then().statusCode(200).extract().jsonPath()
                    .getList("agents.user_id"));
        });
    }

    private void shareAsOtherReplica(String view, Agent agent, long fetchedAt, boolean announce) throws Exception {
        other().share(view, AgentMonitorSnapshot.ofAgents(List.of(agent), null, null), fetchedAt, announce);
    }

    private OtherReplica other() {
        return new OtherReplica(redis, signed, json);
    }

    private static Agent agent(String userId, String campaign) {
        return new Agent(userId, "Agent " + userId, campaign, null, null, null, null, null, null, null, null, null,
                null, 3L, null, "READY", "Ready", 12L, "00:12", null, null, null, null);
    }

    private static String readinessRedis() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getString("checks.find { it.name == 'snapshots' }.data.redis");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private boolean redisAnswers() {
        try {
            redis.execute("PING");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
