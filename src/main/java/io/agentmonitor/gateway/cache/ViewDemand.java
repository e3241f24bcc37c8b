package io.agentmonitor.gateway.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.agentmonitor.gateway.upstream.SearchQuery;

/**
 * Who reads each cached view, so that the upstream budget is shared fairly when demand exceeds it.
 * A view's weight is the sum, over the callers who read it recently, of one over the number of views
 * each of them reads: every caller carries the same weight however many views they keep alive, so a
 * view shared by many callers weighs much, one of twenty views kept by a single caller weighs
 * little. While a view waits for a budget permit, lighter views yield to it: they do not ask for
 * permits until it has its answer (or stops asking). A caller with many views thus spends only what
 * is left once everybody else's views are fresh. Among views of the same weight, one whose readers
 * have no answer at all comes before one that only ages: under pressure answers get older, and
 * nobody is refused for want of a permit that a refresh took. Each replica weighs views by the reads
 * it serves.
 */
final class ViewDemand {

    private final Duration idle;
    private final Duration contentionMemory;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<SearchQuery, Map<String, Long>> readers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<SearchQuery, Long>> viewsOf = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;
    /**
     * The views waiting for a permit, with their latest refusal: weighed again on every question,
     * since weights move as callers come and go.
     */
    private final ConcurrentHashMap<SearchQuery, Wait> waiting = new ConcurrentHashMap<>();

    /**
     * @param idle how long a read keeps a caller among a view's readers
     * @param contentionMemory how long after its latest refusal a view still counts as waiting, unless
     *        it got its answer first (a freshness interval: a view that is read asks again by then)
     */
    ViewDemand(Duration idle, Duration contentionMemory, LongSupplier nanos) {
        this.idle = idle;
        this.contentionMemory = contentionMemory;
        this.nanos = nanos;
        this.nextSweep = new AtomicLong(nanos.getAsLong() + idle.toNanos());
    }

    /** {@code reader} (a caller's stable id) read the view now. */
    void read(SearchQuery query, String reader) {
        if (reader == null) {
            return;
        }
        long now = nanos.getAsLong();
        readers.computeIfAbsent(query, q -> new ConcurrentHashMap<>()).put(reader, now);
        viewsOf.computeIfAbsent(reader, r -> new ConcurrentHashMap<>()).put(query, now);
        long sweep = nextSweep.get();
        if (now - sweep > 0 && nextSweep.compareAndSet(sweep, now + idle.toNanos())) {
            CompletableFuture.runAsync(() -> sweep(now));
        }
    }

    /** The view's weight: each recent reader's share of it (0 when nobody reads it). */
    double weight(SearchQuery query) {
        Map<String, Long> of = readers.get(query);
        if (of == null) {
            return 0;
        }
        long oldest = nanos.getAsLong() - idle.toNanos();
        double weight = 0;
        for (Map.Entry<String, Long> reader : of.entrySet()) {
            if (reader.getValue() - oldest < 0) {
                continue;
            }
            Map<SearchQuery, Long> views = viewsOf.get(reader.getKey());
            long count = views == null ? 1 : Math.max(1, views.values().stream().filter(t -> t - oldest >= 0).count());
            weight += 1.0 / count;
        }
        return weight;
    }

    /**
     * An attempt to search for the view found no budget permit: it waits, with an answer to serve
     * meanwhile ({@code hasAnswer}) or with its readers waiting for the first one.
     */
    void putOff(SearchQuery query, boolean hasAnswer) {
        waiting.put(query, new Wait(nanos.getAsLong(), hasAnswer));
    }

    /** The view got its answer: it waits no more. */
    void answered(SearchQuery query) {
        waiting.remove(query);
    }

    /**
     * Whether a search for the view ({@code hasAnswer}: a refresh, not a first load) should not ask for
     * a permit now: a heavier view is waiting, or one as heavy whose readers have no answer yet.
     */
    boolean yields(SearchQuery query, boolean hasAnswer) {
        double weight = weight(query);
        long oldest = nanos.getAsLong() - contentionMemory.toNanos();
        for (Map.Entry<SearchQuery, Wait> other : waiting.entrySet()) {
            Wait wait = other.getValue();
            if (wait.since() - oldest < 0) {
                waiting.remove(other.getKey(), wait); // it stopped asking
            } else if (!other.getKey().equals(query) && comesFirst(weight(other.getKey()), wait.hasAnswer(),
                    weight, hasAnswer)) {
                return true;
            }
        }
        return false;
    }

    private static boolean comesFirst(double weight, boolean hasAnswer, double than, boolean thanHasAnswer) {
        // Weights are sums of the same fractions: equal weights may differ in their last bits only.
        double tolerance = 1e-9 * Math.max(weight, than);
        return weight > than + tolerance || weight >= than - tolerance && !hasAnswer && thanHasAnswer;
    }

    /**
     * The view left the cache: it no longer waits for a permit. Its readers stay its readers until they
     * stop reading (the sweep): a view that expired is usually read again at once, often before this
     * notice arrives, and its new first load must weigh what its readers weigh.
     */
    void forget(SearchQuery query) {
        waiting.remove(query);
    }

    /** A view waiting for a permit since its latest refusal, with or without an answer to serve meanwhile. */
    private record Wait(long since, boolean hasAnswer) {
    }

    private void sweep(long now) {
        long oldest = now - idle.toNanos();
        readers.forEach((query, of) -> {
            of.values().removeIf(t -> t - oldest < 0);
            readers.computeIfPresent(query, (q, m) -> m.isEmpty() ? null : m);
        });
        viewsOf.forEach((reader, views) -> {
            views.values().removeIf(t -> t - oldest < 0);
            viewsOf.computeIfPresent(reader, (r, m) -> m.isEmpty() ? null : m);
        });
    }
}
