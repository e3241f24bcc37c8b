package io.agentmonitor.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The tolerant reader against bodies of the shapes real clients of the upstream meet. */
class SnapshotReaderTest {

    private static final String FLAT = """
            {"agents":[{"user_id":"12345","user_full_name":"Jane Smith","campaign_id":"111",
              "campaign_name":"Sales Campaign","queue_id":"222","queue_name":"Main Queue",
              "queue_assignment":"2023-03-01 09:00:00","list_id":"333","extension":"1001",
              "channel_type":"phone","call_type":"outbound","lead_id":"54321","call_log_id":"789",
              "calls_today":42,"total_calls":150,"status":"READY","status_label":"Ready for calls",
              "status_time_sec":300,"status_time_mmss":"05:00","connection_type":"softphone",
              "skill_options":"english,sales"}],
             "call_data":{"total_calls":500,"answered":450,"dropped":20},
             "queue_dialable_leads":1200,"queue_calls_today":500,"queue_dropped":20,"queue_answered":450,
             "agent_total":25,"agent_incall":15,"agent_ready":8,"agent_paused":2}
            """;

    private static final String NESTED = """
            {"success":true,"data":{"entries":{"success":true,"code":200,
              "campaigns":[{"value":1234,"name":"Outbound"},{"value":"1235","name":"Inbound"}],
              "queues":[{"value":56789,"name":"Main"}],
              "agents":[
                {"user_id":1001,"user_full_name":"Ann","campaign_id":1234,"queue_id":"56789",
                 "calls_today":"123","total_calls":123,"status":"INCALL","status_time_sec":"61",
                 "lead_id":"0","call_type":"-","list_id":"","queue_assignment_ids":[56789],
                 "list_name":"Fresh","since_last_update":"2","last_state_change":"2026-11-25 09:00:00",
                 "availability_id":"7","inbound_only":"0"},
                {"user_id":"1002","campaign_id":"1235","status":"LUNCH_BREAK","calls_today":null},
                {"user_id":"1003","campaign_id":"1235","status":"PAUSED"},
                null,
                {"user_full_name":"no id, skipped"}]}}}
            """;

    @Test
    void readsTheFlatEnvelopeAsDocumented() {
        AgentMonitorSnapshot s = read(200, FLAT);
        assertEquals(1, s.agents().size());
        Agent jane = s.agents().get(0);
        assertEquals("Jane Smith", jane.userFullName());
        assertEquals(42L, jane.callsToday());
        assertEquals("05:00", jane.statusTimeMmss());
        assertEquals("english,sales", jane.skillOptions());
        assertEquals(new CallData(500L, 450L, 20L), s.callData());
        assertEquals(1200L, s.queueDialableLeads());
        assertEquals(25, s.agentTotal(), "upstream counters are passed through, not recomputed");
        assertEquals(2, s.agentPaused());
    }

    @Test
    void readsTheNestedEnvelopeWithStringsSentinelsAndUnknownFields() {
        AgentMonitorSnapshot s = read(200, NESTED);
        assertEquals(List.of("1001", "1002", "1003"), s.agents().stream().map(Agent::userId).toList());
        Agent ann = s.agents().get(0);
        assertEquals("1234", ann.campaignId());
        assertEquals(123L, ann.callsToday());
        assertEquals(61L, ann.statusTimeSec());
        assertNull(ann.leadId(), "lead_id \"0\" means no current call");
        assertNull(ann.callType(), "\"-\" means none");
        assertNull(ann.listId(), "\"\" means none");
        assertEquals("LUNCH_BREAK", s.agents().get(1).status(), "unknown statuses pass through");
        assertNull(s.agents().get(1).callsToday());
        assertEquals(List.of(new NamedRef("1234", "Outbound"), new NamedRef("1235", "Inbound")), s.campaigns());
        assertEquals(List.of(new NamedRef("56789", "Main")), s.queues());
    }

    @Test
    void computesMissingAgentCountersButNeverInventsQueueOrCallFigures() {
        AgentMonitorSnapshot s = read(200, NESTED);
        assertEquals(3, s.agentTotal());
        assertEquals(1, s.agentIncall());
        assertEquals(0, s.agentReady());
        assertEquals(1, s.agentPaused());
        assertNull(s.callData());
        assertNull(s.queueCallsToday());
        assertNull(s.queueDialableLeads());
    }

    @Test
    void emptyAndNullAgentListsAreEmptySnapshots() {
        assertEquals(0, read(200, "{\"agents\":[]}").agentTotal());
        assertEquals(0, read(200, "{\"agents\":null,\"agent_total\":0}").agents().size());
    }

    @Test
    void errorWithTextAndCodeSentAsHttp200BecomesATypedError() {
        UpstreamErrorException e = assertThrows(UpstreamErrorException.class,
                () -> read(200, "{\"success\":false,\"code\":6006,\"text\":\"No such User\"}"));
        assertEquals(6006, e.code());
        assertEquals("No such User", e.text());
    }

    @Test
    void errorWithCodeAsStringInAnErrorStatus() {
        UpstreamErrorException e = assertThrows(UpstreamErrorException.class,
                () -> read(400, "{\"success\":\"false\",\"code\":\"6026\",\"error\":\"Campaign not found\"}"));
        assertEquals(6026, e.code());
        assertEquals("Campaign not found", e.text());
    }

    @Test
    void nestedErrorInsideTheEnvelopeIsAnError() {
        UpstreamErrorException e = assertThrows(UpstreamErrorException.class, () -> read(200,
                "{\"success\":true,\"data\":{\"entries\":{\"success\":false,\"code\":6041,\"text\":\"Queue not found\"}}}"));
        assertEquals(6041, e.code());
    }

    @Test
    void invalidTokenIsTheGatewaysCredentialProblem() {
        assertThrows(UpstreamAuthException.class,
                () -> read(200, "{\"success\":false,\"error\":\"Invalid authentication token\"}"));
        assertThrows(UpstreamAuthException.class, () -> read(401, "Unauthorized"));
        assertThrows(UpstreamAuthException.class, () -> read(403, "{\"success\":false}"));
    }

    @Test
    void serverErrorsAndOverloadAreUnavailable() {
        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class,
                () -> read(500, "<html><body>Internal Server Error</body></html>"));
        assertEquals(500, e.status());
        UpstreamUnavailableException limited = assertThrows(UpstreamUnavailableException.class,
                () -> SnapshotReader.read(429, Duration.ofSeconds(7), "{\"success\":false}"));
        assertEquals(Duration.ofSeconds(7), limited.retryAfter().orElseThrow());
        assertThrows(UpstreamUnavailableException.class, () -> read(503, "{\"agents\":[]}"));
    }

    @Test
    void nonJsonAndTruncatedBodiesAreMalformed() {
        assertThrows(UpstreamMalformedException.class, () -> read(200, "<html>maintenance</html>"));
        assertThrows(UpstreamMalformedException.class, () -> read(200, "{\"agents\":[{\"user_id\":\"1"));
        assertThrows(UpstreamMalformedException.class, () -> read(200, ""));
        assertThrows(UpstreamMalformedException.class, () -> read(200, "[]"));
        assertThrows(UpstreamMalformedException.class, () -> read(200, "{\"success\":true}"));
        assertThrows(UpstreamMalformedException.class, () -> read(200, "{\"agents\":\"none\"}"));
    }

    @Test
    void typedErrorsNeverCarryTheirCauseOrUrl() {
        UpstreamException e = assertThrows(UpstreamException.class, () -> read(500, "x"));
        assertInstanceOf(UpstreamUnavailableException.class, e);
        assertNull(e.getCause());
        assertEquals(0, e.getStackTrace().length, "no stack trace to leak into a response or log line");
    }

    private static AgentMonitorSnapshot read(int status, String body) {
        return SnapshotReader.read(status, null, body);
    }
}
