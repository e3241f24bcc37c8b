package io.agentmonitor.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.monitor.SseClient;
import io.restassured.path.json.JsonPath;

/**
 * Three packaged gateways (prod profile) in front of one simulator, sharing the machine's Redis under
 * a key prefix of their own: 300 polling clients spread over them and ten views. The upstream sees
 * one search per view per refresh interval and never more than the one budget in a second; a change
 * fetched by one replica reaches a stream on another; a killed replica's lease expires and the others
 * carry on. Run by {@code ./mvnw verify} (failsafe) against the jar that {@code package} built.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    // Above what ten views refreshed every 1.5 s need (6.7 a second), so refreshes are not starved.
    private static final int BUDGET = 8;
    private static final long REFRESH_AFTER_MS = 1_500;
    private static final long LEASE_MS = 3_000;
    // A view's next search comes at least this long after its previous one: the refresh point, less
    // the scheduling delays of the five JVMs on two shared cores (see Fleet.ARRIVAL_JITTER_MS).
    private static final long MIN_GAP_MS = REFRESH_AFTER_MS - 500;
    private static final List<String> VIEWS = List.of("111|", "112|", "113|", "222|", "223|", "333|",
            "111|1111", "111|1112", "112|1121", "222|2221");
    private static final String SHARED_REDIS = "redis://127.0.0.1:6379";
    private static final int STREAMS_PER_SUBJECT = 2;

    private static Fleet fleet;
    private static Fleet.Instance simulator;
    private static final List<Fleet.Instance> gateways = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fleet = new Fleet("replicas");
        simulator = fleet.simulator(Duration.ofMillis(100));
        for (int i = 0; i < 3; i++) {
            gateways.add(fleet.gateway("gw-" + i, simulator, SHARED_REDIS, Map.of(
                    "GATEWAY_BUDGET_SEARCHES_PER_SECOND", String.valueOf(BUDGET),
                    "GATEWAY_CACHE_FRESHNESS", "2s",
                    "GATEWAY_CACHE_REFRESH_AHEAD", "500ms",
                    "GATEWAY_REDIS_LEASE_DURATION", LEASE_MS + "ms",
                    "GATEWAY_REDIS_EXPECTED_REPLICAS", "3",
                    "GATEWAY_BUDGET_PERMIT_WAIT", "5s",
                    // Four JVMs, 300 clients and whatever else runs on two shared cores stall event loops
                    // for seconds: slow answers must not pass for a Redis outage here.
                    "GATEWAY_REDIS_COMMAND_TIMEOUT", "1s",
                    "GATEWAY_LIMITS_STREAMS_PER_SUBJECT", String.valueOf(STREAMS_PER_SUBJECT))));
        }
        fleet.awaitUp(Duration.ofSeconds(150));
        // Every view once on every replica, a view every 150 ms: the first replica fetches it, the
        // others find it in Redis, and the views fall due one after another. Cold loads under 300
        // clients on a shared two-core machine would measure CPU starvation, not the gateway
        // (SharedTierTest covers a reader that waits for another replica's lease).
        for (String view : VIEWS) {
            for (Fleet.Instance gateway : gateways) {
                assertEquals(200, Fleet.status(gateway.url() + path(view), TestTokens.admin()), view);
            }
            Thread.sleep(150);
        }
        // Then a few seconds of unmeasured polling: four JVMs that just started compile their hot
        // paths, which on two shared cores stalls them for seconds.
        new Load().run(60, Duration.ofSeconds(15), TestTokens.admin(),
                c -> List.of(new Load.Target(gateways.get(c % 3).url(), path(VIEWS.get(c % 10)))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
            Fleet.redisCli(6379, "EVAL", "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end",
                    "0", fleet.keyPrefix() + "*");
        }
    }

    @Test
    @Order(2)
    void threeReplicasCallTheUpstreamOncePerViewAndIntervalWithinOneBudget() throws Exception {
        long start = System.currentTimeMillis();
        Load load = new Load();
        // Client c reads view c % 10 on replica (c / 10) % 3: every view is read on every replica.
        List<Load.Answer> answers = load.run(300, Duration.ofSeconds(7), TestTokens.admin(),
                c -> List.of(new Load.Target(gateways.get(c / 10 % 3).url(), path(VIEWS.get(c % 10)))));
        UpstreamCalls calls = UpstreamCalls.of(simulator, start);

        report("three replicas", answers, calls);
        assertEquals(Map.of(200, (long) answers.size()), statuses(answers), "every client got its view");
        assertTrue(answers.size() >= 300, "every client was answered: " + answers.size());
        assertTrue(calls.worstWindow(Fleet.BUDGET_WINDOW_MS) <= BUDGET, "upstream searches in one second: " + calls.busiestWindow(Fleet.BUDGET_WINDOW_MS));
        assertEquals(Map.of(), early(calls), "a view searched again before its refresh point: " + calls.byView()
                + fleet.mentions("Redis is unreachable"));
        assertEquals(VIEWS.stream().sorted().toList(), List.copyOf(calls.byView().keySet()), "every view was refreshed");
    }

    @Test
    @Order(0)
    void aCallersStreamsAreCountedForTheDeploymentNotPerReplica() throws Exception {
        String token = TestTokens.token("wall-of-fame", List.of("monitor-viewer", "monitor-admin"), List.of());
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_SUBJECT; i++) {
                streams.add(new SseClient(URI.create(gateways.get(i).url() + "/api/v1/agent-monitor/stream"), token, null));
                assertEquals(200, streams.get(i).status(), "stream " + i);
            }
            SseClient refused = new SseClient(URI.create(gateways.get(2).url() + "/api/v1/agent-monitor/stream"), token,
                    null);
            streams.add(refused);
            assertEquals(429, refused.status(), "the third replica counts the streams the others hold");
            assertNotNull(refused.header("Retry-After"));

            streams.get(0).close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                SseClient next = new SseClient(URI.create(gateways.get(2).url() + "/api/v1/agent-monitor/stream"), token,
                        null);
                streams.add(next);
                status = next.status();
                Thread.sleep(200);
            }
            assertEquals(200, status, "a closed stream gives its place back on every replica");
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    @Order(1)
    void changeFetchedByOneReplicaReachesTheStreamOfAnother() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> sse = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(gateways.get(1).url() + "/api/v1/agent-monitor/stream?campaign_id=223"))
                .header("Authorization", "Bearer " + TestTokens.admin()).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, sse.statusCode());
        Thread reader = new Thread(() -> sse.body().filter(line -> line.startsWith("data:"))
                .forEach(line -> events.add(line.substring(5).trim())));
        reader.setDaemon(true);
        reader.start();
        try {
            String first = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "a first snapshot on the stream");
            String agent = JsonPath.from(first).getString("agents[0].user_id");

            // Replica gw-2 keeps reading the view too, so either replica may hold the lease and fetch it.
            Fleet.send("PUT", simulator.url() + "/simulator/control/agents/" + agent + "/status/LUNCH_BREAK");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                assertEquals(200, Fleet.status(gateways.get(2).url() + path("223|"), TestTokens.admin()));
                Thread.sleep(200);
                for (String event; (event = events.poll()) != null;) {
                    seen |= "LUNCH_BREAK".equals(JsonPath.from(event)
                            .getString("agents.find { it.user_id == '" + agent + "' }.status"));
                }
            }
            assertTrue(seen, "the stream on gw-1 showed the change");
        } finally {
            sse.body().close();
        }
    }

    @Test
    @Order(3)
    void killedReplicasLeaseExpiresAndTheOthersKeepServingAndRefreshing() throws Exception {
        Fleet.Instance doomed = gateways.get(0);
        long start = System.currentTimeMillis();
        long[] killedAt = new long[1];
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(3_000);
                // As if gw-0 crashed in the middle of refreshing view 111: its lease stays behind.
                Fleet.redisCli(6379, "SET", fleet.keyPrefix() + "lease:111|||", doomed.name(), "PX",
                        String.valueOf(LEASE_MS));
                killedAt[0] = System.currentTimeMillis();
                Fleet.kill(doomed);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        killer.start();
        Load load = new Load();
        List<Load.Answer> answers = load.run(150, Duration.ofSeconds(10), TestTokens.admin(), c -> List.of(
                new Load.Target(gateways.get(c % 3).url(), path(VIEWS.get(c % 10))),
                new Load.Target(gateways.get((c + 1) % 3).url(), path(VIEWS.get(c % 10)))));
        killer.join(10_000);
        UpstreamCalls calls = UpstreamCalls.of(simulator, start);
        report("one replica killed", answers, calls);

        assertTrue(killedAt[0] > 0, "gw-0 was killed");
        List<Load.Answer> survivors = answers.stream().filter(a -> !a.instance().equals(doomed.url())).toList();
        assertEquals(Map.of(200, (long) survivors.size()), statuses(survivors), "the other replicas kept serving");
        assertTrue(answers.stream().filter(a -> a.instance().equals(doomed.url())).allMatch(
                a -> a.status() == 200 || a.status() == -1), "gw-0 answered 200 until it died");
        List<Long> view111 = calls.byView().get("111|").stream().filter(t -> t > killedAt[0]).toList();
        assertTrue(!view111.isEmpty(), "view 111 was refreshed after gw-0 died");
        long handover = view111.get(0) - killedAt[0];
        assertTrue(handover >= LEASE_MS - 300, "nobody refreshed view 111 while gw-0's lease held: " + handover);
        assertTrue(handover <= LEASE_MS + 1_500,
                "another replica refreshed view 111 once the lease expired: " + handover + " ms");
        UpstreamCalls afterKill = calls.where(call -> call.at() > killedAt[0]);
        assertEquals(VIEWS.stream().sorted().toList(), List.copyOf(afterKill.byView().keySet()),
                "the survivors refresh every view");
        assertTrue(calls.worstWindow(Fleet.BUDGET_WINDOW_MS) <= BUDGET, "upstream searches in one second: " + calls.busiestWindow(Fleet.BUDGET_WINDOW_MS));
        calls.earlyCalls(MIN_GAP_MS).forEach((view, early) -> assertTrue(early <= 1,
                view + ": at most one extra search at a lease handover, was " + early));
    }

    private static String path(String view) {
        String[] parts = view.split("\\|", -1);
        return "/api/v1/agent-monitor?campaign_id=" + parts[0] + (parts[1].isEmpty() ? "" : "&queue_id=" + parts[1]);
    }

    /** The views searched again before their refresh point, and how often. */
    private static Map<String, Integer> early(UpstreamCalls calls) {
        Map<String, Integer> early = new java.util.TreeMap<>(calls.earlyCalls(MIN_GAP_MS));
        early.values().removeIf(count -> count == 0);
        return early;
    }

    static Map<Integer, Long> statuses(List<Load.Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(Load.Answer::status, Collectors.counting()));
    }

    static void report(String run, List<Load.Answer> answers, UpstreamCalls calls) {
        List<Long> millis = answers.stream().map(Load.Answer::millis).sorted().toList();
        System.out.printf("%s: %d answers %s, p50 %d ms, p99 %d ms; %d upstream searches, worst second %d, per view %s%n",
                run, answers.size(), statuses(answers), millis.get(millis.size() / 2),
                millis.get(millis.size() * 99 / 100), calls.size(), calls.worstWindow(Fleet.BUDGET_WINDOW_MS),
                calls.byView().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().size(), (a, b) -> a, java.util.TreeMap::new)));
    }
}
