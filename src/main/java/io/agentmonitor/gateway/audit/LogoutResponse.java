package io.agentmonitor.gateway.audit;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a successful logout: the audit record that tells the story. */
@Schema(name = "LogoutResponse", requiredProperties = { "audit_id", "user_id", "outcome", "request_id" })
public record LogoutResponse(
        @Schema(description = "Id of the audit record of this logout (see `GET /api/v1/audit/logouts`).") String auditId,
        @Schema(description = "The agent logged out.") String userId,
        @Schema(description = "The agent's campaign at the time.") String campaignId,
        Outcome outcome,
        @Schema(description = "The caller's `X-Request-Id`, or one the gateway made up.") String requestId,
        @Schema(description = "When the outcome was recorded.") Instant completedAt) {

    static LogoutResponse of(LogoutRecord record) {
        return new LogoutResponse(record.id(), record.userId(), record.campaignId(), record.outcome(),
                record.requestId(), record.completedAt());
    }
}
