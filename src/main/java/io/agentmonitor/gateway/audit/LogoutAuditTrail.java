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
    private final AuditCheckpoints checkpoints;
    private final Clock clock = Clock.systemUTC();

    LogoutAuditTrail(AuditChain chain, AuditLog log, AuditCheckpoints checkpoints) {
        this.chain = chain;
        this.log = log;
        this.checkpoints = checkpoints;
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

    /**
     * Records an attempt that ended without a logout call, with its outcome, atomically. Its
     * idempotency key is bound to this answer only when {@code bindsKey}: a refusal for a reason
     * outside the request leaves the key to the retry.
     */
    AuditEntry conclude(LogoutAttempt attempt, OutcomeDetail detail, boolean bindsKey) {
        Instant at = now();
        AuditEntry draft = attempt.toEntry(at);
        return commit(List.of(draft, detail.toEntry(draft, at)), bindsKey ? claim(attempt, draft) : null).get(0);
    }

    /**
     * Records that an attempt found without an outcome was interrupted, unless it got an outcome
     * meanwhile (another replica's sweep); answers whether this call wrote it.
     */
    boolean interrupted(LogoutRecord attempt, OutcomeDetail detail) {
        AuditEntry outcome = chain.appendOutcome(detail.toEntry(attempt, now()));
        if (outcome == null) {
            return false;
        }
        log.entry(outcome);
        checkpoints.appended(outcome.seq());
        return true;
    }

    private List<AuditEntry> commit(List<AuditEntry> drafts, IdempotencyClaim claim) {
        List<AuditEntry> stored = chain.append(drafts, claim);
        stored.forEach(log::entry);
        checkpoints.appended(stored.get(stored.size() - 1).seq());
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
