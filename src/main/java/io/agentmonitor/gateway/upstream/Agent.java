package io.agentmonitor.gateway.upstream;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One agent as the Agent Monitor API reports it, with the upstream's field names (snake_case on
 * the wire). Absent values and the upstream's "none" sentinels ({@code "0"} for IDs, {@code "-"},
 * {@code ""}) are {@code null}. {@code status} is an open set: codes not listed upstream pass through.
 */
@Schema(name = "Agent", description = "One agent, with the upstream's field names; absent values are left out.",
        requiredProperties = { "user_id" })
public record Agent(
        @Schema(description = "The agent's user ID.") String userId,
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
        @Schema(description = "Status code, an open set: `READY`, `INCALL`, `PAUSED`, `WRAP`, `RINGING`, ... "
                + "Codes the gateway does not know pass through.") String status,
        String statusLabel,
        @Schema(description = "Seconds in the current status.", minimum = "0") Long statusTimeSec,
        @Schema(description = "Time in the current status as `mm:ss`.") String statusTimeMmss,
        String connectionType,
        @Schema(description = "The agent's skills as the upstream lists them.") String skillOptions) {
}
