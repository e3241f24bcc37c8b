package io.agentmonitor.gateway.audit;

import java.time.Instant;

/**
 * One link of the audit chain, exactly as stored in {@code audit_entry}. An {@code attempt} entry
 * names the actor, origin, target and reason; an {@code outcome} entry names its attempt
 * ({@code attemptId}) and says how it ended. {@code seq}, {@code prevHash} and {@code entryHash} are
 * set by {@link AuditChain} when the entry is appended.
 */
public record AuditEntry(
        long seq,
        String id,
        EntryKind kind,
        String attemptId,
        Instant recordedAt,
        String actorSubject,
        String actorUsername,
        String actorRoles,
        String clientAddress,
        String userAgent,
        String requestId,
        String targetUserId,
        String campaignId,
        String reason,
        String idempotencyKey,
        Outcome outcome,
        Integer httpStatus,
        String problemType,
        Integer upstreamCode,
        String message,
        String prevHash,
        String entryHash) {

    /** What an entry records. */
    public enum EntryKind {
        ATTEMPT,
        OUTCOME
    }

    /** This entry placed at {@code seq} after the entry whose hash is {@code prevHash}, with its own hash. */
    AuditEntry chained(long seq, String prevHash) {
        AuditEntry placed = new AuditEntry(seq, id, kind, attemptId, recordedAt, actorSubject, actorUsername,
                actorRoles, clientAddress, userAgent, requestId, targetUserId, campaignId, reason, idempotencyKey,
                outcome, httpStatus, problemType, upstreamCode, message, prevHash, null);
        return placed.withHash(EntryHasher.hash(placed));
    }

    private AuditEntry withHash(String hash) {
        return new AuditEntry(seq, id, kind, attemptId, recordedAt, actorSubject, actorUsername, actorRoles,
                clientAddress, userAgent, requestId, targetUserId, campaignId, reason, idempotencyKey, outcome,
                httpStatus, problemType, upstreamCode, message, prevHash, hash);
    }
}
