package io.agentmonitor.gateway.simulator;

import java.time.Instant;

/**
 * One agent as the simulator would report it at the moment of the read: every field of the flat
 * upstream form, with the upstream's sentinels ({@code lead_id "0"}, {@code call_type "-"}) when
 * the agent is not on a call, plus the list name and the time of the last status change that the
 * nested form carries.
 */
public record SimulatedAgent(
        String userId,
        String userFullName,
        String campaignId,
        String campaignName,
        String queueId,
        String queueName,
        String queueAssignment,
        String listId,
        String listName,
        String extension,
        String channelType,
        String callType,
        String leadId,
        String callLogId,
        long callsToday,
        long totalCalls,
        String status,
        String statusLabel,
        long statusTimeSec,
        String statusTimeMmss,
        String connectionType,
        String skillOptions,
        Instant lastStateChange) {
}
