package io.agentmonitor.gateway.audit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The trail as export records, in chain order: every entry, each checkpoint right after the entry
 * it names (a checkpoint of the empty chain first). Read from the store page by page, up to how far
 * the trail reached when the export began, so entries and checkpoints appended meanwhile are left
 * for the next export rather than judged half-written.
 */
@ApplicationScoped
public class AuditExport {

    private static final int PAGE = 500;

    private final AuditRepository repository;

    AuditExport(AuditRepository repository) {
        this.repository = repository;
    }

    /**
     * Sends the records after entry {@code afterSeq} (0: all), up to the trail's extent now, to
     * {@code sink}, and answers that extent.
     */
    AuditRepository.Extent forEach(long afterSeq, Consumer<Map<String, Object>> sink) {
        AuditRepository.Extent extent = repository.extent();
        Checkpoints checkpoints = new Checkpoints(extent.lastNumber());
        long seq = afterSeq;
        List<AuditEntry> page = seq < extent.lastSeq() ? repository.entries(seq, PAGE) : List.of();
        while (!page.isEmpty()) {
            for (AuditEntry entry : page) {
                if (entry.seq() > extent.lastSeq()) {
                    break;
                }
                for (Checkpoint c = checkpoints.peek(); c != null && c.lastSeq() < entry.seq(); c = checkpoints.peek()) {
                    checkpoints.poll();
                    if (afterSeq == 0 || c.lastSeq() > afterSeq) {
                        sink.accept(c.toRecord());
                    }
                }
                sink.accept(entry.toRecord());
                seq = entry.seq();
            }
            page = seq < extent.lastSeq() ? repository.entries(seq, PAGE) : List.of();
        }
        // Those that name the last entry, and any that name entries the trail no longer has.
        for (Checkpoint c = checkpoints.poll(); c != null; c = checkpoints.poll()) {
            if (afterSeq == 0 || c.lastSeq() > afterSeq) {
                sink.accept(c.toRecord());
            }
        }
        return extent;
    }

    /** The checkpoints up to a number, read a page at a time as they are needed. */
    private final class Checkpoints {
        private final long lastNumber;
        private final Deque<Checkpoint> page = new ArrayDeque<>();
        private long afterNumber;

        Checkpoints(long lastNumber) {
            this.lastNumber = lastNumber;
        }

        Checkpoint peek() {
            if (page.isEmpty() && afterNumber < lastNumber) {
                List<Checkpoint> next = repository.checkpoints(afterNumber, PAGE);
                afterNumber = next.isEmpty() ? lastNumber : next.get(next.size() - 1).number();
                next.stream().filter(c -> c.number() <= lastNumber).forEach(page::add);
            }
            return page.peekFirst();
        }

        Checkpoint poll() {
            Checkpoint first = peek();
            page.pollFirst();
            return first;
        }
    }
}
