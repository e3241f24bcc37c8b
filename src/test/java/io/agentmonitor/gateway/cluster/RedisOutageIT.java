package io.agentmonitor.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.restassured.path.json.JsonPath;

/**
 * Two packaged gateways sharing a private Redis, which is killed mid-run and started again on the same
 * port: clients keep getting 200s, each replica keeps to its share of the budget while Redis is gone
 * (budget / expected replicas), says so in its metrics and readiness, and shares again once Redis is
 * back. The machine's own Redis is never touched.
 */
class RedisOutageIT {

    private static final int BUDGET = 6;
    // Two replicas run, three are expected (one is being rolled, say): alone, each keeps to 6 / 3 = 2 a second.
    private static final int REPLICAS = 2;
    private static final int EXPECTED = 3;
    // Each replica reads three views of its own, so the simulator's log tells the replicas apart.
    private static final List<List<String>> VIEWS = List.of(List.of("111", "112", "113"), List.of("222", "223", "333"));

    private static Fleet fleet;
    private static RedisServer redis;
    private static Fleet.Instance simulator;
    private static final List<Fleet.Instance> gateways = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fleet = new Fleet("outage");
        // As a managed Redis runs: TLS only, and an ACL user confined to the deployment's prefix.
        redis = RedisServer.secured(fleet.logs().resolve("redis-tls"), "agent-monitor", "it-redis-password",
                fleet.keyPrefix());
        redis.start();
        simulator = fleet.simulator(Duration.ofMillis(100));
        for (int i = 0; i < REPLICAS; i++) {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    "GATEWAY_BUDGET_SEARCHES_PER_SECOND", String.valueOf(BUDGET),
                    "GATEWAY_REDIS_EXPECTED_REPLICAS", String.valueOf(EXPECTED),
                    "GATEWAY_REDIS_PROBE_INTERVAL", "500ms",
                    "GATEWAY_REDIS_COMMAND_TIMEOUT", "1s",
                    "GATEWAY_BUDGET_PERMIT_WAIT", "5s"));
            settings.putAll(redis.clientSettings());
            gateways.add(fleet.gateway("gw-" + i, simulator, redis.url(), settings));
        }
        fleet.awaitUp(Duration.ofSeconds(150));
        new Load().run(40, Duration.ofSeconds(8), TestTokens.admin(), RedisOutageIT::targets);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void replicasKeepServingOnTheirShareOfTheBudgetWhileRedisIsDownAndShareAgainWhenItReturns() throws Exception {
        long start = System.currentTimeMillis();
        long[] timeline = new long[4];
        String[] readiness = new String[2];
        Thread outage = new Thread(() -> {
            try {
                Thread.sleep(3_000);
                timeline[0] = System.currentTimeMillis();
                redis.kill();
                if (Fleet.await(Duration.ofSeconds(6), () -> gateways.stream().allMatch(g -> redisUp(g).equals("0.0")))) {
                    timeline[1] = System.currentTimeMillis();
                    readiness[0] = readinessRedis(gateways.get(1));
                }
                Thread.sleep(Math.max(0, timeline[0] + 6_000 - System.currentTimeMillis()));
                timeline[2] = System.currentTimeMillis();
                redis.start();
                if (Fleet.await(Duration.ofSeconds(8), () -> gateways.stream().allMatch(g -> redisUp(g).equals("1.0")))) {
                    timeline[3] = System.currentTimeMillis();
                    readiness[1] = readinessRedis(gateways.get(1));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        outage.start();
        List<Load.Answer> answers = new Load().run(120, Duration.ofSeconds(16), TestTokens.admin(),
                RedisOutageIT::targets);
        outage.join(20_000);
        UpstreamCalls calls = UpstreamCalls.of(simulator, start);
        ReplicasIT.report("Redis down and back", answers, calls);
        System.out.printf("Redis killed at +%d ms, both replicas local at +%d ms, restarted at +%d ms, "
                + "both shared again at +%d ms%n", timeline[0] - start, timeline[1] - start, timeline[2] - start,
                timeline[3] - start);

        assertEquals(Map.of(200, (long) answers.size()), ReplicasIT.statuses(answers), "no client saw an error");
        assertTrue(timeline[1] > 0, "both replicas report gateway_redis_up 0 while Redis is down");
        assertEquals("down", readiness[0], "readiness stays UP and names Redis down");
        assertTrue(timeline[3] > 0, "both replicas report gateway_redis_up 1 once Redis is back");
        assertEquals("up", readiness[1]);

        UpstreamCalls down = calls.between(timeline[1], timeline[2]);
        // gw-1's readiness was read meanwhile: the every-campaign view ("|") is its search.
        UpstreamCalls first = down.where(call -> Set.of("111|", "112|", "113|").contains(call.view()));
        UpstreamCalls second = down.where(call -> !first.calls().contains(call));
        int share = BUDGET / EXPECTED;
        assertTrue(down.size() > 0, "the replicas refreshed their views on their own meanwhile");
        assertTrue(first.worstWindow(Fleet.BUDGET_WINDOW_MS) <= share, "gw-0 kept to its share: " + first.busiestWindow(Fleet.BUDGET_WINDOW_MS));
        assertTrue(second.worstWindow(Fleet.BUDGET_WINDOW_MS) <= share, "gw-1 kept to its share: " + second.busiestWindow(Fleet.BUDGET_WINDOW_MS));
        assertTrue(down.worstWindow(Fleet.BUDGET_WINDOW_MS) <= REPLICAS * share, "together within their shares");
        assertTrue(calls.between(start, timeline[0]).worstWindow(Fleet.BUDGET_WINDOW_MS) <= BUDGET, "shared budget before");
        assertTrue(calls.between(timeline[3] + 1_000, Long.MAX_VALUE).worstWindow(Fleet.BUDGET_WINDOW_MS) <= BUDGET,
                "shared budget again after");
    }

    @Test
    void theReplicasShareOverTlsAsAnAclUserConfinedToTheirPrefix() throws Exception {
        Fleet.await(Duration.ofSeconds(10), () -> gateways.stream().allMatch(g -> redisUp(g).equals("1.0")));
        assertTrue(gateways.stream().allMatch(g -> redisUp(g).equals("1.0")), "both replicas share through Redis");
        assertTrue(cli("DBSIZE").matches("\\d+"), "the user may use its own keys: " + cli("DBSIZE"));
        assertTrue(cli("SET", fleet.keyPrefix() + "probe", "1").contains("OK"));
        assertTrue(cli("SET", "another-deployment:probe", "1").contains("NOPERM"), "outside its prefix: refused");
        assertTrue(cli("PUBLISH", "another-deployment:changes", "x").contains("NOPERM"), "another's channel: refused");
        assertTrue(cli("FLUSHALL").contains("NOPERM"), "no dangerous commands");
        Process plain = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(redis.port()), "PING")
                .redirectErrorStream(true).start();
        String answer = new String(plain.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        plain.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(!answer.contains("PONG"), "no plain-text connection: " + answer);
    }

    private static String cli(String... command) throws Exception {
        return Fleet.redisCli(redis.cliArguments(), command);
    }

    private static List<Load.Target> targets(int client) {
        int replica = client % REPLICAS;
        String campaign = VIEWS.get(replica).get(client / REPLICAS % 3);
        return List.of(new Load.Target(gateways.get(replica).url(), "/api/v1/agent-monitor?campaign_id=" + campaign));
    }

    private static String redisUp(Fleet.Instance gateway) {
        try {
            return Fleet.get(gateway.url() + "/q/metrics").lines().filter(line -> line.startsWith("gateway_redis_up "))
                    .map(line -> line.substring("gateway_redis_up ".length()).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String readinessRedis(Fleet.Instance gateway) throws Exception {
        assertEquals(200, Fleet.status(gateway.url() + "/q/health/ready"), "still ready");
        return JsonPath.from(Fleet.get(gateway.url() + "/q/health/ready"))
                .getString("checks.find { it.name == 'snapshots' }.data.redis");
    }
}
