package io.agentmonitor.gateway.audit;

/**
 * The result of recomputing the audit chain: {@code valid} when every entry's hash matches its
 * content and its predecessor, and the chain head names the last entry. Otherwise
 * {@code firstBroken} says where the chain first breaks and why.
 */
public record ChainReport(boolean valid, long entriesChecked, Long lastSeq, String lastHash, BrokenLink firstBroken) {

    /**
     * The first entry that does not hold: its sequence number and id (null when the entry itself is
     * missing) and what is wrong with it.
     */
    public record BrokenLink(long seq, String entryId, String problem) {
    }
}
