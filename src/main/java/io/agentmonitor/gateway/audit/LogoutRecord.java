package io.agentmonitor.gateway.audit;

import java.time.Instant;
import java.util.List;

/**
 * One logout attempt with its outcome, as auditors read it. {@code outcome} is {@code pending} and
 * the outcome fields are absent while no outcome entry names the attempt.
 */
public record LogoutRecord(
        String id,
        long seq,
        Instant requestedAt,
        String actorSubject,
        String actorUsername,
        List<String> actorRoles,
        String clientAddress,
        String userAgent,
        String requestId,
        String userId,
        String campaignId,
        String reason,
        String idempotencyKey,
        Outcome outcome,
        Instant completedAt,
        Integer httpStatus,
        String problemType,
        Integer upstreamCode,
        String message) {
}
