package io.agentmonitor.gateway.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.agentmonitor.gateway.problem.ProblemException;

/** An {@code audit.checkpoint} line of the {@code audit} log, as logged: the head the trail must still reach. */
@Schema(name = "CheckpointLine", requiredProperties = { "number", "last_seq", "last_hash", "signed_at", "reason",
        "replica", "interval_seconds", "key_id", "prev_signature", "signature" })
public record CheckpointLine(
        @Schema(description = "`audit.checkpoint`.") String event,
        @Schema(description = "`checkpoint`.") String type,
        @Schema(description = "The checkpoint's number; checkpoints are numbered without gaps.", minimum = "1") Long number,
        @Schema(description = "The last entry when it was signed.", minimum = "0") Long lastSeq,
        @Schema(description = "That entry's hash.", maxLength = 64) String lastHash,
        @Schema(description = "When it was signed (ISO-8601).") String signedAt,
        @Schema(description = "`startup`, `interval`, `entries` or `shutdown`.") String reason,
        @Schema(description = "The replica that signed it.") String replica,
        @Schema(description = "The signer's checkpoint interval: the next was due within two of them.") Long intervalSeconds,
        @Schema(description = "SHA-256 of the signing key's public key, in hex.") String keyId,
        @Schema(description = "The previous checkpoint's signature (empty for the first).") String prevSignature,
        @Schema(description = "Ed25519 signature of the other fields, in base64.") String signature) {

    /** The checkpoint as the verifier takes it; a 400 naming what is missing otherwise. */
    Map<String, Object> toRecord() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "checkpoint");
        record.put("number", number);
        record.put("last_seq", lastSeq);
        record.put("last_hash", lastHash);
        record.put("signed_at", signedAt);
        record.put("reason", reason);
        record.put("replica", replica);
        record.put("interval_seconds", intervalSeconds);
        record.put("key_id", keyId);
        record.put("prev_signature", prevSignature);
        record.put("signature", signature);
        List<String> missing = new ArrayList<>();
        record.forEach((name, value) -> {
            if (value == null) {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            throw ProblemException.invalid("body", "is not an audit.checkpoint line: " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " missing");
        }
        return record;
    }
}
