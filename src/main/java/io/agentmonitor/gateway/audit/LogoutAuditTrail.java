package io.agentmonitor.gateway.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The logout side of the audit trail: commits an attempt before the upstream is called, its
 * outcome after, or both at once when the gateway decides without calling. Every entry it commits
 * is also written as one JSON line to the {@code audit} log category.
 */
@ApplicationScoped
public class LogoutAuditTrail {

    private final AuditChain chain;
    private final AuditLog log;
    private final Clock clock = Clock.systemUTC();

    LogoutAuditTrail(AuditChain chain, AuditLog log) {
        this.chain = chain;
        this.log = log;
    }

    /**
     * Write-ahead: the attempt is committed when this returns.
     *
     * @throws AuditStoreException when it cannot be; the caller must not call the upstream then
     * @throws AuditChain.IdempotencyKeyTaken when the attempt's idempotency key is already used
     */
    AuditEntry begin(LogoutAttempt attempt) {
        AuditEntry draft = attempt.toEntry(now());
        return commit(List.of(draft), claim(attempt, draft)).get(0);
    }

    /** Records how a begun attempt ended. */
    AuditEntry finish(AuditEntry attempt, OutcomeDetail detail) {
        return commit(List.of(detail.toEntry(attempt, now())), null).get(0);
    }

    /** Records an attempt the gateway decided without a logout call, with its outcome, atomically. */
    AuditEntry conclude(LogoutAttempt attempt, OutcomeDetail detail) {
        Instant at = now();
        AuditEntry draft = attempt.toEntry(at);
        return commit(List.of(draft, detail.toEntry(draft, at)), claim(attempt, draft)).get(0);
    }

    private List<AuditEntry> commit(List<AuditEntry> drafts, IdempotencyClaim claim) {
        List<AuditEntry> stored = chain.append(drafts, claim);
        stored.forEach(log::entry);
        return stored;
    }

    private static IdempotencyClaim claim(LogoutAttempt attempt, AuditEntry draft) {
        return attempt.idempotencyKey() == null ? null
                : new IdempotencyClaim(draft.actorSubject(), attempt.idempotencyKey(), draft.id(),
                        attempt.targetUserId(), draft.recordedAt());
    }

    /** Milliseconds only, so that the stored time reads back exactly as hashed. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
