package io.agentmonitor.gateway.audit;

import java.time.Instant;
import java.util.UUID;

/** How one attempt ended, as its outcome entry records it. */
record OutcomeDetail(Outcome outcome, int httpStatus, String problemType, Integer upstreamCode, String message) {

    static OutcomeDetail succeeded() {
        return new OutcomeDetail(Outcome.SUCCEEDED, 200, null, null, null);
    }

    /** The gateway stopped while the attempt was under way; {@code nowState} says what is known of the agent now. */
    static OutcomeDetail interrupted(String nowState) {
        return of(LogoutFailure.INTERRUPTED, null, nowState);
    }

    static OutcomeDetail of(LogoutFailure failure, Integer upstreamCode, String message) {
        return new OutcomeDetail(failure.outcome(), failure.status(), failure.type(), upstreamCode,
                LogoutAttempt.bounded(message, 1000));
    }

    AuditEntry toEntry(AuditEntry attempt, Instant at) {
        return new AuditEntry(0, UUID.randomUUID().toString(), AuditEntry.EntryKind.OUTCOME, attempt.id(),
                at, attempt.actorSubject(), null, null, null, null, attempt.requestId(), attempt.targetUserId(),
                attempt.campaignId(), null, null, outcome, httpStatus, problemType, upstreamCode, message, null, null);
    }

    /** The outcome entry of an attempt read back from the trail. */
    AuditEntry toEntry(LogoutRecord attempt, Instant at) {
        return new AuditEntry(0, UUID.randomUUID().toString(), AuditEntry.EntryKind.OUTCOME, attempt.id(),
                at, attempt.actorSubject(), null, null, null, null, attempt.requestId(), attempt.userId(),
                attempt.campaignId(), null, null, outcome, httpStatus, problemType, upstreamCode, message, null, null);
    }
}
