package io.agentmonitor.gateway.upstream;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a {@code /agent-monitor/search} answer in either envelope: the flat object of the
 * community documentation, or {@code data.entries} of the help center. Unknown fields are ignored;
 * agent counters the upstream left out are computed from the agents; queue and call figures are
 * passed through only when the upstream sent them. Where an agent has no {@code status_time_sec} but a
 * {@code last_state_change} ({@code 2023-03-01 09:00:00}, in the upstream's time zone), that is when
 * its status began.
 */
final class SnapshotReader {

    private SnapshotReader() {
    }

    private static final DateTimeFormatter UPSTREAM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static AgentMonitorSnapshot read(RestResponse<String> response, ZoneId zone) {
        return read(response.getStatus(), UpstreamBodies.retryAfter(response), UpstreamBodies.text(response), zone);
    }

    static AgentMonitorSnapshot read(int status, java.time.Duration retryAfter, String body) {
        return read(status, retryAfter, body, java.time.ZoneOffset.UTC);
    }

    static AgentMonitorSnapshot read(int status, java.time.Duration retryAfter, String body, ZoneId zone) {
        JsonNode root = UpstreamBodies.requireSuccess(status, retryAfter, body);
        JsonNode entries = root.path("data").path("entries");
        JsonNode source = entries.isObject() ? entries : root;
        JsonNode agentsNode = source.get("agents");
        if (agentsNode != null && !agentsNode.isNull() && !agentsNode.isArray()) {
            throw new UpstreamMalformedException("upstream answered agents that are not a list");
        }
        if (agentsNode == null && !source.has("agent_total")) {
            throw new UpstreamMalformedException("upstream answer has no agents");
        }
        List<Agent> agents = agents(agentsNode, zone);
        AgentMonitorSnapshot computed = AgentMonitorSnapshot.ofAgents(agents, refs(source.get("campaigns")),
                refs(source.get("queues")));
        return new AgentMonitorSnapshot(
                agents,
                callData(source.get("call_data")),
                Fields.longValue(source, "queue_dialable_leads"),
                Fields.longValue(source, "queue_calls_today"),
                Fields.longValue(source, "queue_dropped"),
                Fields.longValue(source, "queue_answered"),
                orElse(Fields.longValue(source, "agent_total"), computed.agentTotal()),
                orElse(Fields.longValue(source, "agent_incall"), computed.agentIncall()),
                orElse(Fields.longValue(source, "agent_ready"), computed.agentReady()),
                orElse(Fields.longValue(source, "agent_paused"), computed.agentPaused()),
                computed.campaigns(),
                computed.queues());
    }

    private static List<Agent> agents(JsonNode array, ZoneId zone) {
        List<Agent> agents = new ArrayList<>();
        if (array == null) {
            return agents;
        }
        for (JsonNode node : array) {
            String userId = Fields.text(node, "user_id");
            if (!node.isObject() || userId == null) {
                continue;
            }
            Long statusTimeSec = Fields.longValue(node, "status_time_sec");
            agents.add(new Agent(
                    userId,
                    Fields.text(node, "user_full_name"),
                    Fields.id(node, "campaign_id"),
                    Fields.text(node, "campaign_name"),
                    Fields.id(node, "queue_id"),
                    Fields.text(node, "queue_name"),
                    Fields.text(node, "queue_assignment"),
                    Fields.id(node, "list_id"),
                    Fields.text(node, "extension"),
                    Fields.text(node, "channel_type"),
                    Fields.text(node, "call_type"),
                    Fields.id(node, "lead_id"),
                    Fields.id(node, "call_log_id"),
                    Fields.longValue(node, "calls_today"),
                    Fields.longValue(node, "total_calls"),
                    Fields.text(node, "status"),
                    Fields.text(node, "status_label"),
                    statusTimeSec,
                    Fields.text(node, "status_time_mmss"),
                    Fields.text(node, "connection_type"),
                    Fields.text(node, "skill_options"),
                    statusTimeSec == null ? stateChange(Fields.text(node, "last_state_change"), zone) : null,
                    null));
        }
        return List.copyOf(agents);
    }

    /** The upstream's {@code last_state_change}, or null when absent or unreadable (it is not worth failing the answer). */
    private static Instant stateChange(String text, ZoneId zone) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim(), UPSTREAM_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static CallData callData(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new CallData(Fields.longValue(node, "total_calls"), Fields.longValue(node, "answered"),
                Fields.longValue(node, "dropped"));
    }

    private static List<NamedRef> refs(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<NamedRef> refs = new ArrayList<>();
        for (JsonNode node : array) {
            String value = Fields.text(node, "value");
            if (node.isObject() && value != null) {
                refs.add(new NamedRef(value, Fields.text(node, "name")));
            }
        }
        return List.copyOf(refs);
    }

    private static long orElse(Long value, long fallback) {
        return value != null ? value : fallback;
    }
}
