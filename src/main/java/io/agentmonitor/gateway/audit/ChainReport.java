package io.agentmonitor.gateway.audit;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The result of verifying the audit trail: {@code valid} when every entry's hash matches its content
 * and its predecessor, every checkpoint is signed by a trusted key and follows the one before it,
 * the chain still holds what each checkpoint names, and no checkpoint is missing. Otherwise
 * {@code firstBroken} says where the trail first breaks and why.
 */
@Schema(name = "ChainReport", requiredProperties = { "valid", "entries_checked", "checkpoints_checked" })
public record ChainReport(
        @Schema(description = "`true` when every entry and checkpoint holds.") boolean valid,
        @Schema(description = "Entries recomputed (every entry of the trail, attempts and outcomes alike; the "
                + "listing shows one record per attempt, with its outcome).", minimum = "0") long entriesChecked,
        @Schema(description = "Sequence number of the last entry.") Long lastSeq,
        @Schema(description = "Hash of the last entry; absent when the trail is broken.") String lastHash,
        @Schema(description = "Signed checkpoints verified.", minimum = "0") long checkpointsChecked,
        @Schema(description = "The newest checkpoint verified.") CheckpointSummary lastCheckpoint,
        @Schema(description = "Entries after the newest checkpoint: written since, not vouched for by a signature yet.",
                minimum = "0") long entriesAfterLastCheckpoint,
        @Schema(description = "Where the trail first breaks; absent when valid.") BrokenLink firstBroken) {

    /** The newest checkpoint: which entry it names, when and by which replica it was signed, and why. */
    @Schema(name = "CheckpointSummary")
    public record CheckpointSummary(long number, long lastSeq, Instant signedAt, String replica, String reason) {
    }

    /**
     * The first break: the first sequence number it concerns, the entry's id (when the entry itself
     * is there), the checkpoint involved, what kind of break it is and what is wrong.
     */
    @Schema(name = "BrokenLink", requiredProperties = { "seq", "kind", "problem" })
    public record BrokenLink(long seq, String entryId, Long checkpoint,
            @Schema(type = SchemaType.STRING, enumeration = { "rewritten", "missing-entries", "truncated",
                    "missing-checkpoint", "bad-signature", "malformed" }) String kind,
            String problem) {
    }

    static ChainReport of(AuditExportVerifier.Result result) {
        AuditExportVerifier.Break broken = result.broken();
        var last = result.lastCheckpoint();
        return new ChainReport(result.valid(), result.entriesChecked(), result.lastSeq(), result.lastHash(),
                result.checkpointsChecked(),
                last == null ? null : new CheckpointSummary(((Number) last.get("number")).longValue(),
                        ((Number) last.get("last_seq")).longValue(), Instant.parse(last.get("signed_at").toString()),
                        (String) last.get("replica"), (String) last.get("reason")),
                result.entriesAfterLastCheckpoint(),
                broken == null ? null : new BrokenLink(broken.seq(), broken.entryId(), broken.checkpoint(),
                        broken.kind().wireName(), broken.problem()));
    }
}
