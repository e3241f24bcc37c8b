package io.agentmonitor.gateway.audit;

import java.time.Instant;

/** An {@code Idempotency-Key} of one caller, bound to the attempt that answers it. */
record IdempotencyClaim(String actorSubject, String key, String attemptId, String targetUserId, Instant createdAt) {
}
