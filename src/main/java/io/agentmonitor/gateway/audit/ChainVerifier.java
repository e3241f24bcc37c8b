package io.agentmonitor.gateway.audit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Recomputes the chain from the first entry and reports the first link that does not hold: an
 * entry whose content no longer matches its hash (edited), whose previous hash does not match its
 * predecessor (re-hashed or inserted), a gap in the sequence (deleted), or a head that points past
 * the last entry (truncated).
 */
@ApplicationScoped
public class ChainVerifier {

    private static final int BATCH = 500;

    private final AuditRepository repository;

    ChainVerifier(AuditRepository repository) {
        this.repository = repository;
    }

    public ChainReport verify() {
        // Read the head first: entries appended meanwhile lie beyond it and are not judged.
        AuditRepository.ChainHead head = repository.head();
        long expectedSeq = 1;
        String prevHash = EntryHasher.GENESIS;
        long checked = 0;
        List<AuditEntry> batch = repository.entries(0, BATCH);
        while (!batch.isEmpty()) {
            for (AuditEntry entry : batch) {
                if (entry.seq() > head.lastSeq()) {
                    return report(head, checked, expectedSeq, prevHash);
                }
                String problem = problem(entry, expectedSeq, prevHash);
                if (problem != null) {
                    return broken(checked, entry.seq() == expectedSeq ? entry.seq() : expectedSeq,
                            entry.seq() == expectedSeq ? entry.id() : null, problem);
                }
                checked++;
                expectedSeq++;
                prevHash = entry.entryHash();
            }
            batch = repository.entries(expectedSeq - 1, BATCH);
        }
        return report(head, checked, expectedSeq, prevHash);
    }

    private static String problem(AuditEntry entry, long expectedSeq, String prevHash) {
        if (entry.seq() != expectedSeq) {
            return "entry " + expectedSeq + " is missing (next entry is " + entry.seq() + ")";
        }
        if (!prevHash.equals(entry.prevHash())) {
            return "previous hash does not match the entry before it";
        }
        String recomputed = entry.chained(entry.seq(), entry.prevHash()).entryHash();
        if (!recomputed.equals(entry.entryHash())) {
            return "content does not match its hash";
        }
        return null;
    }

    private static ChainReport report(AuditRepository.ChainHead head, long checked, long expectedSeq,
            String prevHash) {
        long lastSeq = expectedSeq - 1;
        if (lastSeq < head.lastSeq()) {
            return broken(checked, lastSeq + 1, null,
                    "entries " + (lastSeq + 1) + " to " + head.lastSeq() + " are missing (chain head is at "
                            + head.lastSeq() + ")");
        }
        if (!prevHash.equals(head.lastHash())) {
            return broken(checked, lastSeq, null, "chain head hash does not match the last entry");
        }
        return new ChainReport(true, checked, lastSeq, prevHash, null);
    }

    private static ChainReport broken(long checked, long seq, String entryId, String problem) {
        return new ChainReport(false, checked, null, null, new ChainReport.BrokenLink(seq, entryId, problem));
    }
}
