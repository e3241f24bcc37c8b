package io.agentmonitor.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.upstream.SearchQuery;

/** How views are weighed when the budget runs short, without a clock that moves by itself. */
class ViewDemandTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ViewDemand demand = new ViewDemand(Duration.ofSeconds(30), Duration.ofSeconds(2), now::get);

    private static SearchQuery view(String campaign) {
        return SearchQuery.of(campaign, null, null, null);
    }

    @Test
    void everyCallerWeighsOneHoweverManyViewsTheyKeep() {
        for (int i = 0; i < 20; i++) {
            demand.read(view("noisy-" + i), "nina");
        }
        demand.read(view("222"), "ada");
        demand.read(view("111"), "sam");
        demand.read(view("111"), "sue");

        assertEquals(0.05, demand.weight(view("noisy-3")), 1e-9);
        assertEquals(1.0, demand.weight(view("222")), 1e-9);
        assertEquals(2.0, demand.weight(view("111")), 1e-9);
        assertEquals(0.0, demand.weight(view("nobody")), 1e-9);
    }

    @Test
    void lighterViewsYieldWhileAHeavierOneWaitsAndNotAfter() {
        for (int i = 0; i < 20; i++) {
            demand.read(view("noisy-" + i), "nina");
        }
        demand.read(view("222"), "ada");
        assertFalse(demand.yields(view("noisy-1"), true), "no contention yet");

        demand.putOff(view("222"), true);

        assertTrue(demand.yields(view("noisy-1"), true));
        assertFalse(demand.yields(view("222"), true), "the view that waits does not yield to itself");
        demand.answered(view("222"));
        assertFalse(demand.yields(view("noisy-1"), true), "the heavier view has its answer: the lighter ones may ask");

        demand.putOff(view("222"), true);
        now.addAndGet(Duration.ofMillis(2001).toNanos());
        assertFalse(demand.yields(view("noisy-1"), true), "a view that stopped asking no longer counts as waiting");
    }

    @Test
    void amongViewsOfTheSameWeightAFirstLoadComesBeforeARefresh() {
        for (int i = 0; i < 10; i++) {
            demand.read(view("10" + i), "ada");
        }
        demand.putOff(view("101"), false);

        assertTrue(demand.yields(view("102"), true), "a refresh waits while readers of a view have no answer");
        assertFalse(demand.yields(view("102"), false), "another first load of the same weight asks as well");
        demand.answered(view("101"));
        assertFalse(demand.yields(view("102"), true));

        demand.putOff(view("101"), true);
        assertFalse(demand.yields(view("102"), true), "a refresh does not yield to another refresh of the same weight");
        assertFalse(demand.yields(view("102"), false));

        demand.read(view("heavy"), "sam");
        demand.putOff(view("101"), false);
        assertFalse(demand.yields(view("heavy"), true), "a heavier view's refresh does not yield to a lighter first load");
    }

    @Test
    void aViewThatLeftTheCacheAndIsReadAgainKeepsItsReadersWeight() {
        for (int i = 0; i < 10; i++) {
            demand.read(view("10" + i), "ada");
        }
        demand.putOff(view("101"), true);
        // 102 expired and is read again; the cache's notice that it left arrives after the read.
        demand.read(view("102"), "ada");
        demand.forget(view("102"));
        demand.putOff(view("102"), false);
        assertEquals(demand.weight(view("101")), demand.weight(view("102")), 1e-12);
        assertFalse(demand.yields(view("102"), false), "its first load does not give way to a refresh");
        assertTrue(demand.yields(view("103"), true), "while refreshes give way to it");
    }

    @Test
    void aCallerWhoStopsReadingNoLongerCounts() {
        demand.read(view("111"), "sam");
        List.of("a", "b", "c").forEach(v -> demand.read(view(v), "sam"));
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        demand.read(view("111"), "sam");

        assertEquals(1.0, demand.weight(view("111")), 1e-9, "only the view still read counts");
        assertEquals(0.0, demand.weight(view("a")), 1e-9);
    }
}
