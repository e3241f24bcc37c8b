package io.agentmonitor.gateway.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A signed statement of the chain head: entry {@code lastSeq} with hash {@code lastHash} was the
 * last entry when {@code replica} signed it at {@code signedAt}, with key {@code keyId}, after the
 * checkpoint whose signature is {@code prevSignature} (empty for the first). Checkpoints are
 * numbered without gaps; {@code intervalSeconds} says when the next was due at the latest.
 */
public record Checkpoint(long number, long lastSeq, String lastHash, Instant signedAt, Reason reason, String replica,
        long intervalSeconds, String keyId, String prevSignature, String signature) {

    /** Why a checkpoint was taken. */
    public enum Reason {
        STARTUP,
        INTERVAL,
        ENTRIES,
        SHUTDOWN;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Reason parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** As exported and logged: the fields the signature covers, the signature, and {@code type}. */
    public Map<String, Object> toRecord() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "checkpoint");
        record.put("number", number);
        record.put("last_seq", lastSeq);
        record.put("last_hash", lastHash);
        record.put("signed_at", signedAt.toString());
        record.put("reason", reason.wireName());
        record.put("replica", replica);
        record.put("interval_seconds", intervalSeconds);
        record.put("key_id", keyId);
        record.put("prev_signature", prevSignature);
        record.put("signature", signature);
        return record;
    }

    /** This checkpoint signed. */
    Checkpoint signed(CheckpointKeys keys) {
        Checkpoint unsigned = new Checkpoint(number, lastSeq, lastHash, signedAt, reason, replica, intervalSeconds,
                keys.keyId(), prevSignature, null);
        return new Checkpoint(number, lastSeq, lastHash, signedAt, reason, replica, intervalSeconds, keys.keyId(),
                prevSignature, keys.sign(AuditExportVerifier.checkpointMessage(unsigned.toRecord())));
    }
}
