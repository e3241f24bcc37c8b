package io.agentmonitor.gateway.audit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The result of recomputing the audit chain: {@code valid} when every entry's hash matches its
 * content and its predecessor, and the chain head names the last entry. Otherwise
 * {@code firstBroken} says where the chain first breaks and why.
 */
@Schema(name = "ChainReport", requiredProperties = { "valid", "entries_checked" })
public record ChainReport(
        @Schema(description = "`true` when every entry and the chain head hold.") boolean valid,
        @Schema(description = "Entries recomputed.", minimum = "0") long entriesChecked,
        @Schema(description = "Sequence number of the last entry.") Long lastSeq,
        @Schema(description = "Hash of the last entry.") String lastHash,
        @Schema(description = "Where the chain first breaks; absent when valid.") BrokenLink firstBroken) {

    /**
     * The first entry that does not hold: its sequence number and id (null when the entry itself is
     * missing) and what is wrong with it.
     */
    @Schema(name = "BrokenLink", requiredProperties = { "seq", "problem" })
    public record BrokenLink(long seq, String entryId, String problem) {
    }
}
