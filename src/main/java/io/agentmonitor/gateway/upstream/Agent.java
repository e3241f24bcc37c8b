package io.agentmonitor.gateway.upstream;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One agent as the Agent Monitor API reports it, with the upstream's field names (snake_case on
 * the wire). Absent values and the upstream's "none" sentinels ({@code "0"} for IDs, {@code "-"},
 * {@code ""}) are {@code null}. {@code status} is an open set: codes not listed upstream pass through.
 * Two fields are the gateway's: {@code statusSince}, when the current status began (from
 * {@code status_time_sec}, or the upstream's {@code last_state_change}), kept across refreshes while
 * the status lasts; and {@code level}, the attention its time in status calls for.
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
        @Schema(description = "The agent's skills as the upstream lists them.") String skillOptions,
        @Schema(description = "When the current status began: derived once from the upstream's time in status "
                + "and kept, second for second, across refreshes while the status lasts. Time in status now is "
                + "the time since; absent when the upstream sent no time in status.") Instant statusSince,
        @Schema(description = "The attention the agent's time in status calls for as of the answer's "
                + "`generated_at`, by the gateway's thresholds for its status (`GET /api/v1/thresholds`): `warn` "
                + "past the first, `alert` past the second, else `ok`.") AttentionLevel level) {

    /** The agent with {@code statusSince} set. */
    public Agent withStatusSince(Instant since) {
        return new Agent(userId, userFullName, campaignId, campaignName, queueId, queueName, queueAssignment, listId,
                extension, channelType, callType, leadId, callLogId, callsToday, totalCalls, status, statusLabel,
                statusTimeSec, statusTimeMmss, connectionType, skillOptions, since, level);
    }

    /** The agent with its {@code level} set. */
    public Agent withLevel(AttentionLevel attention) {
        return new Agent(userId, userFullName, campaignId, campaignName, queueId, queueName, queueAssignment, listId,
                extension, channelType, callType, leadId, callLogId, callsToday, totalCalls, status, statusLabel,
                statusTimeSec, statusTimeMmss, connectionType, skillOptions, statusSince, attention);
    }
}
