package io.agentmonitor.gateway.audit;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One logout attempt with its outcome, as auditors read it. {@code outcome} is {@code pending} and
 * the outcome fields are absent while no outcome entry names the attempt.
 */
@Schema(name = "LogoutRecord", description = "One logout attempt and its outcome.",
        requiredProperties = { "id", "seq", "requested_at", "actor_subject", "user_id", "reason", "outcome" })
public record LogoutRecord(
        @Schema(description = "Id of the attempt's audit entry.") String id,
        @Schema(description = "Position in the audit chain.", minimum = "1") long seq,
        Instant requestedAt,
        String actorSubject,
        String actorUsername,
        List<String> actorRoles,
        @Schema(description = "Address the request came from, as the gateway saw it.") String clientAddress,
        String userAgent,
        String requestId,
        String userId,
        String campaignId,
        String reason,
        String idempotencyKey,
        Outcome outcome,
        Instant completedAt,
        @Schema(description = "Status the gateway answered.") Integer httpStatus,
        @Schema(description = "The problem type the caller was answered, as in the API's `type` (`/problems/<slug>`): for example `forbidden`, `agent-not-logged-in`, `logout-interrupted`.") String problemType,
        @Schema(description = "The Convoso error code, if any.") Integer upstreamCode,
        String message) {
}
