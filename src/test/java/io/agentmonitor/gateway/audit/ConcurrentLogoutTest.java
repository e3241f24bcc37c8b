package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.agentsOf;
import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager222;
import static io.agentmonitor.gateway.audit.AuditTestSupport.managerOfAll;
import static io.agentmonitor.gateway.audit.AuditTestSupport.newestRecordOf;
import static io.agentmonitor.gateway.audit.AuditTestSupport.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatedAgent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(EmbeddedAuditProfile.class)
class ConcurrentLogoutTest {

    private static final int LOGOUTS = 50;

    @Inject
    ConvosoSimulator simulator;

    @TestHTTPResource("/api/v1/agents/")
    URL agents;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void fiftyConcurrentLogoutsLeaveFiftyCompleteRecordsAndOneUnbrokenChain() throws Exception {
        warmUp();
        Map<String, String> managerOf = agentsToLogOut();
        assertEquals(LOGOUTS, managerOf.size());
        // HTTP/1.1: one connection per request, as fifty separate apps would open.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(LOGOUTS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            managerOf.forEach((agent, token) -> answers.add(pool.submit(request(http, start, agent, token))));
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(LOGOUTS, simulator.logoutCalls());
        Set<String> ids = new HashSet<>();
        for (String agent : managerOf.keySet()) {
            JsonPath record = newestRecordOf(agent);
            assertEquals("succeeded", record.getString("outcome"), agent);
            assertEquals("Concurrent shift end", record.getString("reason"));
            ids.add(record.getString("id"));
        }
        assertEquals(LOGOUTS, ids.size());
        JsonPath report = verify();
        assertTrue(report.getBoolean("valid"), report.prettify());
    }

    /** A few sequential logouts first, so that the burst meets warm code rather than class loading. */
    private void warmUp() {
        List<SimulatedAgent> spare = agentsOf(simulator, "112");
        for (SimulatedAgent agent : spare.subList(spare.size() - 3, spare.size())) {
            simulator.setStatus(agent.userId(), "READY");
            logout(manager111(), agent.userId(), "Warm-up").statusCode(200);
        }
        simulator.resetCounters();
    }

    /** Agent to the token of a manager whose scope holds it, across three managers. */
    private Map<String, String> agentsToLogOut() {
        Map<String, String> managerOf = new LinkedHashMap<>();
        String[][] plan = { { "111", "9" }, { "112", "9" }, { "222", "9" }, { "113", "8" }, { "223", "8" },
                { "333", "7" } };
        for (String[] step : plan) {
            String campaign = step[0];
            String token = switch (campaign) {
                case "111", "112" -> manager111();
                case "222" -> manager222();
                default -> managerOfAll();
            };
            agentsOf(simulator, campaign).stream().limit(Integer.parseInt(step[1])).forEach(agent -> {
                simulator.setStatus(agent.userId(), "READY");
                managerOf.put(agent.userId(), token);
            });
        }
        return managerOf;
    }

    private Callable<Integer> request(HttpClient http, CountDownLatch start, String agent, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(agents + agent + "/logout"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"Concurrent shift end\"}"))
                .build();
        return () -> {
            start.await();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        };
    }
}
