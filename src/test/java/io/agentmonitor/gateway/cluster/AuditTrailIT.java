package io.agentmonitor.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.audit.OfflineVerifier;
import io.restassured.path.json.JsonPath;

/**
 * The audit trail of packaged gateways (prod profile, PostgreSQL). One killed while a logout's
 * upstream call is under way, then started again: the attempt ends {@code interrupted}, saying the
 * agent is logged out now (the upstream had done it), and the trail stays valid; the fleet's first
 * start generated the checkpoint key outside the database; the second life ends with a shutdown
 * checkpoint on the {@code audit} log, and the offline verifier accepts the export with that key's
 * public half. Two replicas sharing one trail: concurrent logouts on both make one unbroken chain,
 * with checkpoints from both, numbered in one order and naming the replica that signed them.
 */
class AuditTrailIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, String> SETTINGS = Map.of(
            "GATEWAY_REDIS_ENABLED", "false",
            "GATEWAY_UPSTREAM_TIMEOUT", "3s",
            "GATEWAY_AUDIT_INTERRUPTED_SWEEP", "1s");

    private static Fleet fleet;
    private static Fleet.Instance simulator;

    @BeforeAll
    static void start() throws Exception {
        fleet = new Fleet("crash");
        simulator = fleet.simulator(Duration.ofMillis(20));
        fleet.awaitUp(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aLogoutCutOffByACrashEndsInterruptedAndTheTrailStaysValid() throws Exception {
        Fleet.Instance first = fleet.gateway("gw", simulator, "redis://127.0.0.1:1", SETTINGS);
        fleet.awaitUp(first, Duration.ofSeconds(120));
        Path key = fleet.logs().resolve("audit-checkpoint-key.pem");
        // The fleet's first process (the simulator's) made the key; every later one read it.
        assertTrue(!fleet.mentions("Generated the audit checkpoint key").isEmpty(), "generated on first run");
        assertTrue(!Files.readString(first.log()).contains("Generated the audit checkpoint key"), "made once");
        assertTrue(Files.readString(key).contains("-----BEGIN PUBLIC KEY-----"));

        String agent = loggedInAgent(first);
        // The upstream logs the agent out at once but answers only after 30 s.
        Fleet.send("PUT", simulator.url() + "/simulator/control/logout-fault/SLOW");
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create(first.url() + "/api/v1/agents/" + agent + "/logout"))
                .header("Authorization", "Bearer " + manager()).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"Crash test\"}")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertTrue(Fleet.await(Duration.ofSeconds(10), () -> "pending".equals(outcome(first, agent))),
                "the attempt is committed before the upstream call");
        Fleet.kill(first);

        Fleet.Instance second = fleet.gateway("gw", simulator, "redis://127.0.0.1:1", SETTINGS);
        fleet.awaitUp(second, Duration.ofSeconds(120));
        assertTrue(Fleet.await(Duration.ofSeconds(60), () -> "interrupted".equals(outcome(second, agent))),
                "the attempt ends interrupted; it is " + outcome(second, agent));
        JsonPath record = newest(second, agent);
        assertEquals("agent logged out now: yes", record.getString("message"));
        JsonPath report = JsonPath.from(get(second, "/api/v1/audit/logouts/verify", auditor()));
        assertTrue(report.getBoolean("valid"), report.prettify());

        Path export = Files.writeString(fleet.logs().resolve("export.jsonl"),
                get(second, "/api/v1/audit/logouts/export", auditor()));
        Path publicKey = Files.writeString(fleet.logs().resolve("audit-checkpoint-public.pem"),
                Files.readString(key).substring(Files.readString(key).indexOf("-----BEGIN PUBLIC KEY-----")));
        OfflineVerifier.Run verdict = OfflineVerifier.run("--public-key", publicKey.toString(), export.toString());
        assertEquals(0, verdict.exit(), verdict.output());

        second.process().destroy(); // SIGTERM: a graceful stop
        assertTrue(second.process().waitFor(30, TimeUnit.SECONDS), "stops by itself");
        assertTrue(Files.readAllLines(second.log()).stream().anyMatch(line -> line.contains("\"event\":\"audit.checkpoint\"")
                && line.contains("\"reason\":\"shutdown\"")), "a shutdown checkpoint on the audit log");
    }

    @Test
    void twoReplicasAppendToOneChainWithCheckpointsFromBoth() throws Exception {
        Map<String, String> often = new java.util.HashMap<>(SETTINGS);
        often.put("GATEWAY_AUDIT_CHECKPOINTS_EVERY_ENTRIES", "1");
        Fleet.Instance a = fleet.gateway("replica-a", simulator, "redis://127.0.0.1:1", often);
        Map<String, String> shared = new java.util.HashMap<>(often);
        shared.putAll(fleet.auditOf("replica-a"));
        Fleet.Instance b = fleet.gateway("replica-b", simulator, "redis://127.0.0.1:1", shared);
        fleet.awaitUp(a, Duration.ofSeconds(120));
        fleet.awaitUp(b, Duration.ofSeconds(120));
        Fleet.send("PUT", simulator.url() + "/simulator/control/logout-fault/NONE");

        List<Map<String, Object>> agents = JsonPath.from(get(a, "/api/v1/agent-monitor?campaign_id=222", manager()))
                .getList("agents");
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> logouts = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(12, agents.size()); i++) {
            String agent = (String) agents.get(i).get("user_id");
            Fleet.send("PUT", simulator.url() + "/simulator/control/agents/" + agent + "/status/READY");
            Fleet.Instance replica = i % 2 == 0 ? a : b;
            logouts.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(replica.url() + "/api/v1/agents/" + agent + "/logout"))
                    .header("Authorization", "Bearer " + manager()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"Two replicas\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var logout : logouts) {
            assertEquals(200, logout.get(30, TimeUnit.SECONDS).statusCode());
        }

        for (Fleet.Instance replica : List.of(a, b)) {
            JsonPath report = JsonPath.from(get(replica, "/api/v1/audit/logouts/verify", auditor()));
            assertTrue(report.getBoolean("valid"), replica.name() + ": " + report.prettify());
            assertTrue(report.getLong("entries_checked") >= 2L * logouts.size());
        }
        List<String> signers = get(a, "/api/v1/audit/logouts/export", auditor()).lines()
                .filter(line -> line.contains("\"type\":\"checkpoint\""))
                .map(line -> JsonPath.from(line).getString("replica")).distinct().toList();
        assertTrue(signers.containsAll(List.of("replica-a", "replica-b")), "checkpoints name their signer: " + signers);
    }

    private static String loggedInAgent(Fleet.Instance gateway) throws Exception {
        List<Map<String, Object>> agents = JsonPath.from(get(gateway, "/api/v1/agent-monitor?campaign_id=111", manager()))
                .getList("agents");
        return agents.stream().filter(a -> !"LOGGED_OUT".equals(a.get("status"))).map(a -> (String) a.get("user_id"))
                .findFirst().orElseThrow();
    }

    private static String outcome(Fleet.Instance gateway, String agent) {
        try {
            return newest(gateway, agent).getString("outcome");
        } catch (Exception e) {
            return "unreadable: " + e;
        }
    }

    private static JsonPath newest(Fleet.Instance gateway, String agent) throws Exception {
        return JsonPath.from(get(gateway, "/api/v1/audit/logouts?limit=1&agent=" + agent, auditor())).setRootPath("items[0]");
    }

    private static String get(Fleet.Instance gateway, String path, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    /** A manager of every campaign. */
    private static String manager() {
        return TestTokens.token("max", List.of("monitor-viewer", "agent-manager", "monitor-admin"), List.of("ops"));
    }

    private static String auditor() {
        return TestTokens.token("otto", List.of("auditor"), List.of("auditors"));
    }
}
