package io.agentmonitor.gateway.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /**
     * As exported, and as hashed ({@link AuditExportVerifier#entryHash}): every stored field, kind and
     * outcome by their stored names, times as ISO-8601 instants, and {@code type}.
     */
    public Map<String, Object> toRecord() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "entry");
        record.put("seq", seq);
        record.put("id", id);
        record.put("kind", kind == null ? null : kind.name());
        record.put("attempt_id", attemptId);
        record.put("recorded_at", recordedAt == null ? null : recordedAt.toString());
        record.put("actor_subject", actorSubject);
        record.put("actor_username", actorUsername);
        record.put("actor_roles", actorRoles);
        record.put("client_address", clientAddress);
        record.put("user_agent", userAgent);
        record.put("request_id", requestId);
        record.put("target_user_id", targetUserId);
        record.put("campaign_id", campaignId);
        record.put("reason", reason);
        record.put("idempotency_key", idempotencyKey);
        record.put("outcome", outcome == null ? null : outcome.name());
        record.put("http_status", httpStatus);
        record.put("problem_type", problemType);
        record.put("upstream_code", upstreamCode);
        record.put("message", message);
        record.put("prev_hash", prevHash);
        record.put("entry_hash", entryHash);
        return record;
    }

    /** This entry placed at {@code seq} after the entry whose hash is {@code prevHash}, with its own hash. */
    AuditEntry chained(long seq, String prevHash) {
        AuditEntry placed = new AuditEntry(seq, id, kind, attemptId, recordedAt, actorSubject, actorUsername,
                actorRoles, clientAddress, userAgent, requestId, targetUserId, campaignId, reason, idempotencyKey,
                outcome, httpStatus, problemType, upstreamCode, message, prevHash, null);
        return placed.withHash(AuditExportVerifier.entryHash(placed.toRecord()));
    }

    private AuditEntry withHash(String hash) {
        return new AuditEntry(seq, id, kind, attemptId, recordedAt, actorSubject, actorUsername, actorRoles,
                clientAddress, userAgent, requestId, targetUserId, campaignId, reason, idempotencyKey, outcome,
                httpStatus, problemType, upstreamCode, message, prevHash, hash);
    }
}
