package io.agentmonitor.gateway.audit;

import java.time.Instant;

/** The answer to a successful logout: the audit record that tells the story. */
public record LogoutResponse(String auditId, String userId, String campaignId, Outcome outcome, String requestId,
        Instant completedAt) {

    static LogoutResponse of(LogoutRecord record) {
        return new LogoutResponse(record.id(), record.userId(), record.campaignId(), record.outcome(),
                record.requestId(), record.completedAt());
    }
}
