package io.agentmonitor.gateway.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The two shapes of a search answer: the flat object of the community page, with its root
 * aggregates, and the help center's {@code data.entries} form, which has no aggregates, carries
 * campaign and queue lists and extra agent fields, and writes some numbers as strings.
 */
final class SearchBodies {

    private SearchBodies() {
    }

    static Map<String, Object> flat(SearchResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agents", result.agents().stream().map(SearchBodies::flatAgent).toList());
        body.put("call_data", ordered("total_calls", result.scopeCalls(), "answered", result.scopeAnswered(),
                "dropped", result.scopeDropped()));
        body.put("queue_dialable_leads", result.dialableLeads());
        body.put("queue_calls_today", result.callsToday());
        body.put("queue_dropped", result.dropped());
        body.put("queue_answered", result.answered());
        body.put("agent_total", result.agents().size());
        body.put("agent_incall", result.agentsIn(AgentLifecycle.INCALL));
        body.put("agent_ready", result.agentsIn(AgentLifecycle.READY));
        body.put("agent_paused", result.agentsIn(AgentLifecycle.PAUSED));
        return body;
    }

    static Map<String, Object> nested(SearchResult result) {
        Map<String, List<String>> queuesByCampaign = result.campaigns().stream().collect(Collectors.toMap(
                SimulatedCampaign::id, campaign -> campaign.queues().stream().map(SimulatedQueue::id).toList()));
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("success", true);
        entries.put("code", 200);
        entries.put("campaigns", refs(result.campaigns(), SimulatedCampaign::id, SimulatedCampaign::name));
        entries.put("queues", refs(result.queues(), SimulatedQueue::id, SimulatedQueue::name));
        entries.put("agents", result.agents().stream()
                .map(agent -> nestedAgent(agent, queuesByCampaign.getOrDefault(agent.campaignId(),
                        List.of(agent.queueId()))))
                .toList());
        return ordered("success", true, "data", Map.of("entries", entries));
    }

    private static Map<String, Object> flatAgent(SimulatedAgent agent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", agent.userId());
        body.put("user_full_name", agent.userFullName());
        body.put("campaign_id", agent.campaignId());
        body.put("campaign_name", agent.campaignName());
        body.put("queue_id", agent.queueId());
        body.put("queue_name", agent.queueName());
        body.put("queue_assignment", agent.queueAssignment());
        body.put("list_id", agent.listId());
        body.put("extension", agent.extension());
        body.put("channel_type", agent.channelType());
        body.put("call_type", agent.callType());
        body.put("lead_id", agent.leadId());
        body.put("call_log_id", agent.callLogId());
        body.put("calls_today", agent.callsToday());
        body.put("total_calls", agent.totalCalls());
        body.put("status", agent.status());
        body.put("status_label", agent.statusLabel());
        body.put("status_time_sec", agent.statusTimeSec());
        body.put("status_time_mmss", agent.statusTimeMmss());
        body.put("connection_type", agent.connectionType());
        body.put("skill_options", agent.skillOptions());
        return body;
    }

    /** The help center's oddities: string counters next to numeric ones, and fields the flat form lacks. */
    private static Map<String, Object> nestedAgent(SimulatedAgent agent, List<String> campaignQueues) {
        Map<String, Object> body = flatAgent(agent);
        body.put("calls_today", String.valueOf(agent.callsToday()));
        body.put("queue_assignment_ids", campaignQueues);
        body.put("list_name", agent.listName());
        body.put("last_state_change", CallCenterFactory.timestamp(agent.lastStateChange().toEpochMilli()));
        body.put("since_last_update", "0");
        body.put("availability_id", availability(agent.status()));
        body.put("inbound_only", "inbound".equals(agent.callType()) ? "1" : "0");
        return body;
    }

    private static int availability(String status) {
        return switch (status) {
            case AgentLifecycle.LOGGED_OUT -> 0;
            case AgentLifecycle.READY -> 1;
            case AgentLifecycle.RINGING, AgentLifecycle.INCALL, AgentLifecycle.TRANSFER -> 2;
            case AgentLifecycle.WRAP -> 3;
            case AgentLifecycle.PAUSED -> 4;
            default -> 9;
        };
    }

    private static <T> List<Map<String, Object>> refs(List<T> items, Function<T, String> id, Function<T, String> name) {
        return items.stream().map(item -> ordered("value", numberIfNumeric(id.apply(item)), "name", name.apply(item)))
                .toList();
    }

    /** The help center lists IDs as numbers; configured IDs that are not numeric stay strings. */
    private static Object numberIfNumeric(String id) {
        return id.matches("\\d{1,18}") ? (Object) Long.valueOf(id) : id;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
