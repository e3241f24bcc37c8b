package io.agentmonitor.gateway.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.HealthyUpstream;
import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatedAgent;
import io.agentmonitor.gateway.simulator.SimulatorFault;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** The live stream: events on change, only in-scope data, and no upstream traffic once nobody watches. */
@QuarkusTest
class SnapshotStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/api/v1/agent-monitor/stream")
    URI stream;

    @Inject
    ConvosoSimulator simulator;

    @Inject
    StreamMetrics metrics;

    @Inject
    HealthyUpstream upstream;

    @BeforeEach
    @AfterEach
    void reset() {
        upstream.restore();
    }

    @Test
    void statusChangeArrivesAsAnEventWithOnlyInScopeAgents() throws Exception {
        try (SseClient sse = new SseClient(stream, TestTokens.supervisor(), null)) {
            assertEquals(200, sse.status());
            SseClient.Event first = sse.nextEvent(WAIT);
            assertNotNull(first, "a first snapshot on subscription");
            assertEquals("snapshot", first.name());
            assertNotNull(first.id());
            JsonPath snapshot = JsonPath.from(first.data());
            assertTrue(snapshot.getList("agents.campaign_id").stream().allMatch("111"::equals));
            String agent = snapshot.getString("agents[0].user_id");

            simulator.setStatus(agent, "LUNCH_BREAK");
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                SseClient.Event next = sse.nextEvent(WAIT);
                assertNotNull(next);
                JsonPath changed = JsonPath.from(next.data());
                assertTrue(changed.getList("agents.campaign_id").stream().allMatch("111"::equals));
                assertEquals("LUNCH_BREAK", changed.getString("agents.find { it.user_id == '" + agent + "' }.status"));
            });
        }
    }

    @Test
    void changesInOtherCampaignsNeverReachTheStream() throws Exception {
        SimulatedAgent foreign = simulator.agents().stream().filter(a -> "222".equals(a.campaignId())).findFirst()
                .orElseThrow();
        try (SseClient sse = new SseClient(stream, TestTokens.supervisor(), null)) {
            assertNotNull(sse.nextEvent(WAIT));
            simulator.rename(foreign.userId(), "Leaky McLeakface");
            simulator.setStatus(foreign.userId(), "LEAK_CHECK");
            for (int i = 0; i < 3; i++) {
                SseClient.Event event = sse.nextEvent(Duration.ofSeconds(1));
                if (event != null) {
                    assertTrue(!event.data().contains("Leaky") && !event.data().contains("\"222\""), event.data());
                }
            }
        }
    }

    @Test
    void upstreamFailureAndRecoveryArriveAsStaleAndFreshEvents() throws Exception {
        try (SseClient sse = new SseClient(stream, TestTokens.supervisor(), null)) {
            assertEquals(false, JsonPath.from(sse.nextEvent(WAIT).data()).getBoolean("stale"));
            simulator.fault(SimulatorFault.SERVER_ERROR);
            // Agents keep changing until the first refresh fails: skip those events.
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                SseClient.Event stale = sse.nextEvent(WAIT);
                assertNotNull(stale, "an event when the upstream starts failing");
                assertEquals(true, JsonPath.from(stale.data()).getBoolean("stale"));
            });
            simulator.fault(SimulatorFault.NONE);
            CircuitBreakerMaintenance.get().resetAll();
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                SseClient.Event fresh = sse.nextEvent(WAIT);
                assertNotNull(fresh, "an event when the upstream recovers");
                assertEquals(false, JsonPath.from(fresh.data()).getBoolean("stale"));
            });
        }
    }

    @Test
    void heartbeatCommentsKeepTheConnectionAlive() throws Exception {
        try (SseClient sse = new SseClient(stream, TestTokens.supervisor(), null)) {
            assertEquals("heartbeat", sse.nextComment(Duration.ofSeconds(5)));
        }
    }

    @Test
    void resumingWithTheLastEventIdSkipsTheUnchangedSnapshot() throws Exception {
        simulator.latency(Duration.ZERO, Duration.ZERO);
        String id;
        try (SseClient sse = new SseClient(stream, TestTokens.supervisor(), null)) {
            id = sse.nextEvent(WAIT).id();
        }
        try (SseClient sse = new SseClient(URI.create(stream + "?campaign_id=111"), TestTokens.supervisor(), null)) {
            assertNotNull(sse.nextEvent(WAIT), "another view has its own events");
        }
        // Within the same cached answer, a resumed subscriber is not sent what it already has.
        try (SseClient sse = new SseClient(stream, TestTokens.supervisor(), id)) {
            SseClient.Event event = sse.nextEvent(Duration.ofMillis(300));
            assertTrue(event == null || !id.equals(event.id()), "the event it already had is not sent again");
        }
    }

    @Test
    void anOversizedLastEventIdIsAProblemNotAStream() {
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.supervisor()).header("Last-Event-ID", "x".repeat(129))
                .when().get("/api/v1/agent-monitor/stream")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].reason", org.hamcrest.Matchers.equalTo("must be at most 128 characters"));
    }

    @Test
    void refreshesStopWhenTheLastSubscriberLeaves() throws Exception {
        try (SseClient sse = new SseClient(stream, TestTokens.manager(), null)) {
            assertNotNull(sse.nextEvent(WAIT));
            Awaitility.await().atMost(WAIT).until(() -> metrics.subscribers() == 1);
            long before = simulator.searchCalls();
            Awaitility.await().atMost(WAIT).until(() -> simulator.searchCalls() > before);
        }
        Awaitility.await().atMost(WAIT).until(() -> metrics.subscribers() == 0);
        long after = simulator.searchCalls();
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> simulator.searchCalls() == after);
    }

    @Test
    void subscribersOfOneViewShareOneLiveViewAndGetTheSameEvent() throws Exception {
        try (SseClient first = new SseClient(stream, TestTokens.supervisor(), null);
                SseClient second = new SseClient(stream, TestTokens.token("sue", List.of("monitor-viewer"),
                        List.of("campaign-111")), null);
                SseClient other = new SseClient(stream, TestTokens.manager(), null)) {
            SseClient.Event a = first.nextEvent(WAIT);
            SseClient.Event b = second.nextEvent(WAIT);
            assertNotNull(a);
            assertNotNull(b);
            assertNotNull(other.nextEvent(WAIT));
            assertEquals(2, liveViews(), "two scopes: two live views for three subscribers");
            String agent = JsonPath.from(a.data()).getString("agents[0].user_id");

            simulator.setStatus(agent, "LUNCH_BREAK");
            SseClient.Event changedA = first.nextEvent(WAIT);
            SseClient.Event changedB = second.nextEvent(WAIT);
            assertNotNull(changedA);
            assertNotNull(changedB);
            assertEquals(changedA.id(), changedB.id());
            assertEquals(changedA.data(), changedB.data());
        }
        Awaitility.await().atMost(WAIT).until(() -> liveViews() == 0);
    }

    @Test
    void aSubscriberThatAcceptsGzipGetsTheSameEventsCompressed() throws Exception {
        try (SseClient plain = new SseClient(stream, TestTokens.supervisor(), null);
                SseClient gzip = new SseClient(stream, TestTokens.supervisor(), null, true)) {
            assertEquals("gzip", gzip.header("Content-Encoding"));
            assertEquals(null, plain.header("Content-Encoding"));
            assertEquals("Accept-Encoding", gzip.header("Vary"));
            assertEquals("Accept-Encoding", plain.header("Vary"));
            SseClient.Event first = gzip.nextEvent(WAIT);
            assertNotNull(first, "a first snapshot, inflated as soon as it arrives");
            assertEquals(first.data(), plain.nextEvent(WAIT).data());
            String agent = JsonPath.from(first.data()).getString("agents[0].user_id");

            simulator.setStatus(agent, "LUNCH_BREAK");
            SseClient.Event changed = firstShowing(gzip, agent, "LUNCH_BREAK");
            assertNotNull(changed, "a change arrives compressed, not held back until more data follows");
            SseClient.Event same = firstShowing(plain, agent, "LUNCH_BREAK");
            assertNotNull(same);
            assertEquals(same.id(), changed.id());
            assertEquals(same.data(), changed.data());
            assertEquals("heartbeat", gzip.nextComment(Duration.ofSeconds(5)));
        }
    }

    /** The first event showing the agent in the status (the simulated agents keep changing too), or null. */
    private static SseClient.Event firstShowing(SseClient sse, String agent, String status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            SseClient.Event event = sse.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event != null && status.equals(JsonPath.from(event.data())
                    .getString("agents.find { it.user_id == '" + agent + "' }.status"))) {
                return event;
            }
        }
        return null;
    }

    @Test
    void droppedConnectionsLeaveTheStreamAndItsViews() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (String token : List.of(TestTokens.supervisor(), TestTokens.manager(), TestTokens.supervisor())) {
                Socket socket = new Socket(stream.getHost(), stream.getPort());
                sockets.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + stream.getPath() + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readUntil(socket.getInputStream(), "data: ");
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                assertTrue(head.toLowerCase().contains("content-type: text/event-stream"), head);
                assertTrue(head.contains("\r\n\r\n") && head.substring(head.indexOf("\r\n\r\n")).contains("event: snapshot\nid: "),
                        "the event's lines as the contract describes them: " + head);
            }
            Awaitility.await().atMost(WAIT).until(() -> metrics.subscribers() == 3);
            assertEquals(3.0, streamSubscribersMetric());
            assertEquals(2, liveViews(), "two scopes");
        } finally {
            for (Socket socket : sockets) {
                socket.close(); // no orderly end of the stream: the client just goes away
            }
        }
        Awaitility.await().atMost(WAIT).until(() -> streamSubscribersMetric() == 0 && liveViews() == 0);
    }

    @Test
    void aSubscriberThatStopsReadingGetsTheNewestSnapshotNotEveryOneItMissed() throws Exception {
        int changes = 15;
        try (SseClient reader = new SseClient(stream, TestTokens.manager(), null);
                Socket stalled = new Socket()) {
            JsonPath first = JsonPath.from(reader.nextEvent(WAIT).data());
            String agent = first.getString("agents[0].user_id");
            // A small receive window: what the stalled subscriber is sent has to wait in the gateway.
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(stream.getHost(), stream.getPort()));
            stalled.getOutputStream().write(("GET " + stream.getPath() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Bearer " + TestTokens.manager() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(stalled.getInputStream());
            assertTrue(readUntil(in, "data: ").startsWith("HTTP/1.1 200"));

            // Changes the reading subscriber sees one by one (with the simulator's own), while the
            // other reads nothing.
            AtomicInteger sent = new AtomicInteger();
            for (int i = 1; i <= changes; i++) {
                String status = "STALL" + i;
                simulator.setStatus(agent, status);
                Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                    SseClient.Event event = reader.nextEvent(WAIT);
                    assertNotNull(event);
                    sent.incrementAndGet();
                    assertTrue(event.data().contains("\"status\":\"" + status + "\""));
                });
            }

            String caughtUp = readUntil(in, "\"status\":\"STALL" + changes + "\"");
            assertTrue(caughtUp.contains("\"status\":\"STALL" + changes + "\""), "the newest snapshot arrives");
            int received = caughtUp.split("event: snapshot", -1).length - 1;
            assertTrue(received * 2 <= sent.get(), "snapshots the stalled subscriber missed were skipped, not queued: "
                    + "it got " + received + " of the " + sent.get() + " the reading subscriber got");
        }
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder read = new StringBuilder();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (read.indexOf(marker, Math.max(0, read.length() - marker.length())) < 0
                && System.nanoTime() < deadline) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            read.append((char) b);
        }
        return read.toString();
    }

    private static double streamSubscribersMetric() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("gateway_stream_subscribers "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum();
    }

    private static double liveViews() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("gateway_stream_views "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum();
    }

    @Test
    void outOfScopeStreamIsRefusedBeforeItStarts() {
        given().auth().oauth2(TestTokens.supervisor()).queryParam("campaign_id", "222")
                .when().get("/api/v1/agent-monitor/stream")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
        given().when().get("/api/v1/agent-monitor/stream").then().statusCode(401);
    }
}
