package io.agentmonitor.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a canonical serialization of an entry, its previous hash included. Every field is
 * written as {@code name=length:value} (or {@code name=~} for null) on its own line, so no choice
 * of values can make two different entries serialize alike.
 */
final class EntryHasher {

    /** The {@code prevHash} of the first entry. */
    static final String GENESIS = "0".repeat(64);

    private EntryHasher() {
    }

    static String hash(AuditEntry e) {
        StringBuilder out = new StringBuilder(512);
        field(out, "seq", Long.toString(e.seq()));
        field(out, "id", e.id());
        field(out, "kind", e.kind() == null ? null : e.kind().name());
        field(out, "attempt_id", e.attemptId());
        field(out, "recorded_at", e.recordedAt() == null ? null : e.recordedAt().toString());
        field(out, "actor_subject", e.actorSubject());
        field(out, "actor_username", e.actorUsername());
        field(out, "actor_roles", e.actorRoles());
        field(out, "client_address", e.clientAddress());
        field(out, "user_agent", e.userAgent());
        field(out, "request_id", e.requestId());
        field(out, "target_user_id", e.targetUserId());
        field(out, "campaign_id", e.campaignId());
        field(out, "reason", e.reason());
        field(out, "idempotency_key", e.idempotencyKey());
        field(out, "outcome", e.outcome() == null ? null : e.outcome().name());
        field(out, "http_status", e.httpStatus() == null ? null : e.httpStatus().toString());
        field(out, "problem_type", e.problemType());
        field(out, "upstream_code", e.upstreamCode() == null ? null : e.upstreamCode().toString());
        field(out, "message", e.message());
        field(out, "prev_hash", e.prevHash());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(out.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e2) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e2);
        }
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name).append('=');
        if (value == null) {
            out.append('~');
        } else {
            out.append(value.length()).append(':').append(value);
        }
        out.append('\n');
    }
}
