package io.agentmonitor.gateway.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
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
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Nothing read back from Redis is trusted: a shared answer that is corrupt, truncated, oversized,
 * from the future or the past, with unknown flags or without its agents is as if Redis had nothing
 * (the view is loaded from the upstream and served with its real agents, never a 5xx); malformed
 * notices are dropped and the subscription lives on; a forged budget schedule is replaced, not
 * obeyed. Each rejection is counted.
 */
@QuarkusTest
@TestProfile(SharedTierTest.WithRedis.class)
class UntrustedRedisValuesTest {

    private static final String PREFIX = "amg-test:";
    private static final String VIEW = "111|||";

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
    SignedValues signed;

    @BeforeEach
    void reset() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(this::redisUp);
        redis.flushall();
        upstream.restore();
    }

    @Test
    void aSharedAnswerThisReplicaWillNotUseIsAsIfRedisHadNothing() throws Exception {
        long now = System.currentTimeMillis();
        String valid = json.writeValueAsString(AgentMonitorSnapshot.ofAgents(List.of(agent("990001")), null, null));
        String another = json.writeValueAsString(AgentMonitorSnapshot.ofAgents(List.of(agent("990222")), null, null));
        SignedValues foreign = new SignedValues("another-deployment-has-another-value-key", true);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("an unsigned value of the previous format", now + "|0|" + valid);
        values.put("signed with another deployment's key", OtherReplica.value(foreign, VIEW, "0", now, valid));
        values.put("another view's answer moved here", OtherReplica.value(signed, "222|||", "0", now, another));
        values.put("garbage from the future", "99999999999999|0|garbage");
        values.put("no format at all", "nothing at all");
        values.put("a newer version", "v3|" + now + "|0|mac|" + valid);
        values.put("signed, truncated", OtherReplica.value(signed, VIEW, "0", now, valid.substring(0, valid.length() / 2)));
        values.put("signed, agents null", OtherReplica.value(signed, VIEW, "0", now, "{\"agents\":null}"));
        values.put("signed, an agent without id", OtherReplica.value(signed, VIEW, "0", now,
                "{\"agents\":[{\"user_id\":null,\"campaign_id\":\"111\"}]}"));
        values.put("signed, fetched in the future", OtherReplica.value(signed, VIEW, "0", now + 3_600_000, valid));
        values.put("signed, older than the maximum staleness", OtherReplica.value(signed, VIEW, "0", now - 3_600_000, valid));
        values.put("signed, unknown flags", OtherReplica.value(signed, VIEW, "7x", now, valid));
        values.put("oversized", "v2|" + now + "|0|mac|" + "x".repeat(SharedSnapshots.MAX_VALUE_CHARS + 1));

        for (Map.Entry<String, String> value : values.entrySet()) {
            cache.invalidateAll();
            simulator.resetCounters();
            double before = rejected("snapshot");
            redis.execute("SET", PREFIX + "snapshot:" + VIEW, value.getValue(), "PX", "60000");

            JsonPath answer = given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor")
                    .then().statusCode(200).extract().jsonPath();

            List<String> agents = answer.getList("agents.user_id");
            assertFalse(agents.isEmpty(), value.getKey());
            assertFalse(agents.contains("990001") || agents.contains("990222"), value.getKey() + ": the planted answer is not served");
            assertTrue(answer.getList("agents.campaign_id").stream().allMatch("111"::equals), value.getKey());
            assertEquals(1, simulator.searchCalls(), value.getKey() + ": loaded from the upstream");
            assertTrue(rejected("snapshot") > before, value.getKey() + ": counted");
        }
    }

    @Test
    void malformedNoticesAreDroppedAndTheSubscriptionLivesOn() throws Exception {
        given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor").then().statusCode(200);
        double before = rejected("notice");
        OtherReplica other = new OtherReplica(redis, signed, json);
        // Unsigned (today's replicas sign every notice), signed by another deployment, or signed but nonsense.
        redis.execute("PUBLISH", PREFIX + "logouts", "other-replica " + System.currentTimeMillis() + " 10001");
        redis.execute("PUBLISH", PREFIX + "changes", "other-replica " + VIEW);
        new OtherReplica(redis, new SignedValues("another-deployment-has-another-value-key", true), json)
                .publish("changes", "other-replica " + VIEW);
        for (String says : List.of("other-replica not-a-time 10001", "other-replica 99999999999999999999999 10001",
                "other-replica " + System.currentTimeMillis() + " ")) {
            other.publish("logouts", says);
        }
        redis.execute("PUBLISH", PREFIX + "changes", "v2");
        other.publish("changes", "other-replica %%%");

        List<SearchQuery> changed = new CopyOnWriteArrayList<>();
        Cancellable subscription = cache.changes().subscribe().with(changed::add);
        try {
            other.share(VIEW, AgentMonitorSnapshot.ofAgents(List.of(agent("990003")), null, null),
                    System.currentTimeMillis(), true);

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> changed.contains(SearchQuery.of("111", null, null, null)));
        } finally {
            subscription.cancel();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rejected("notice") >= before + 7);
    }

    @Test
    void aForgedBudgetScheduleIsReplacedNotObeyed() {
        for (List<String> forged : List.of(List.of("SET", PREFIX + "budget", "99999999999999999999"),
                List.of("SET", PREFIX + "budget", "soon"), List.of("HSET", PREFIX + "budget", "slot", "1"))) {
            redis.flushall(); // nor a shared answer that would spare the search
            redis.execute(forged.get(0), forged.subList(1, forged.size()).toArray(String[]::new));
            cache.invalidateAll();
            simulator.resetCounters();
            double before = rejected("budget");

            given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor").then().statusCode(200);

            assertEquals(1, simulator.searchCalls(), forged + ": the search went ahead within the budget");
            assertTrue(rejected("budget") > before, forged + ": counted");
            long slot = Long.parseLong(redis.execute("GET", PREFIX + "budget").toString());
            assertTrue(slot < (System.currentTimeMillis() + 60_000) * 1000, forged + ": replaced by a real schedule");
        }
    }

    @Test
    void aLeaseNoReplicaTookDoesNotBlockTheView() {
        // A lease that never expires, and one longer than any replica takes.
        for (List<String> forged : List.of(List.of("SET", PREFIX + "lease:" + VIEW, "ghost"),
                List.of("SET", PREFIX + "lease:" + VIEW, "ghost", "PX", "3600000"))) {
            redis.flushall();
            redis.execute(forged.get(0), forged.subList(1, forged.size()).toArray(String[]::new));
            cache.invalidateAll();
            simulator.resetCounters();

            given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/agent-monitor").then().statusCode(200);

            assertEquals(1, simulator.searchCalls(), forged + ": this replica took the lease and loaded the view");
        }
    }

    @Test
    void forgedLeasesCannotFillACallersLimit() throws Exception {
        String subject = given().auth().oauth2(TestTokens.supervisor()).get("/api/v1/me").then().statusCode(200)
                .extract().path("subject");
        String set = PREFIX + "leases:views:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(subject.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 16);
        // As many views as the limit allows, each "leased" for ever.
        redis.execute("EVAL", "for i = 1, 1000 do redis.call('ZADD', KEYS[1], 9e15, 'forged-' .. i) end return 1", "1", set);

        given().auth().oauth2(TestTokens.supervisor()).queryParam("campaign_id", "111").get("/api/v1/agent-monitor")
                .then().statusCode(200);

        assertEquals("0", redis.execute("ZCOUNT", set, "1e15", "+inf").toString(), "the forged leases were dropped");
    }

    private static Agent agent(String userId) {
        return new Agent(userId, "Agent " + userId, "111", null, null, null, null, null, null, null, null, null,
                null, 3L, null, "READY", "Ready", 12L, "00:12", null, null, null, null);
    }

    private static double rejected(String kind) {
        String prefix = "gateway_redis_rejected_values_total{kind=\"" + kind + "\"";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(
                        line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private boolean redisUp() {
        try {
            redis.execute("PING");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
