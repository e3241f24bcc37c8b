package io.agentmonitor.gateway.cache;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Cache figures that tell an operator what the upstream was spared, and stale serves counted apart
 * so that an outage never looks like a good hit rate.
 */
@ApplicationScoped
public class CacheMetrics {

    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter coalesced;
    private final Counter misses;
    private final Counter staleServes;
    private final Counter deferredRefreshes;
    private final Counter yieldedRefreshes;

    CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.hits = registry.counter("gateway.cache.requests", "result", "hit");
        this.coalesced = registry.counter("gateway.cache.requests", "result", "coalesced");
        this.misses = registry.counter("gateway.cache.requests", "result", "miss");
        this.staleServes = registry.counter("gateway.cache.stale.serves");
        this.deferredRefreshes = registry.counter("gateway.cache.refreshes.deferred");
        this.yieldedRefreshes = Counter.builder("gateway.cache.refreshes.yielded")
                .description("Refreshes that did not ask for a budget permit because a view read by more callers was "
                        + "put off lately").register(registry);
    }

    void watch(Cache<?, ?> views) {
        registry.gauge("gateway.cache.views", views, Cache::estimatedSize);
    }

    void hit(boolean ready) {
        (ready ? hits : coalesced).increment();
    }

    void miss() {
        misses.increment();
    }

    void staleServe() {
        staleServes.increment();
    }

    /** Refreshes put off because the upstream budget had no permit left. */
    void refreshDeferred() {
        deferredRefreshes.increment();
    }

    /** Refreshes that yielded the budget to a heavier view. */
    void refreshYielded() {
        yieldedRefreshes.increment();
    }
}
