package io.agentmonitor.gateway.upstream;

/**
 * One agent as the Agent Monitor API reports it, with the upstream's field names (snake_case on
 * the wire). Absent values and the upstream's "none" sentinels ({@code "0"} for IDs, {@code "-"},
 * {@code ""}) are {@code null}. {@code status} is an open set: codes not listed upstream pass through.
 */
public record Agent(
        String userId,
        String userFullName,
        String campaignId,
        String campaignName,
        String queueId,
        String queueName,
        String queueAssignment,
        String listId,
        String extension,
        String channelType,
        String callType,
        String leadId,
        String callLogId,
        Long callsToday,
        Long totalCalls,
        String status,
        String statusLabel,
        Long statusTimeSec,
        String statusTimeMmss,
        String connectionType,
        String skillOptions) {
}
