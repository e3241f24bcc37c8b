package io.agentmonitor.gateway.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

import io.agentmonitor.gateway.audit.AgentLoggedOut;
import io.agentmonitor.gateway.config.CacheConfig;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.upstream.ConvosoClient;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.agentmonitor.gateway.upstream.UpstreamBudgetExhaustedException;
import io.agentmonitor.gateway.upstream.UpstreamErrorException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import java.util.concurrent.Flow.Processor;

/**
 * The upstream answers of every view, shared by all callers (row-level filtering happens after the
 * cache, per caller). Built on Caffeine:
 * <ul>
 * <li>single flight: concurrent readers of a missing view wait on one upstream call and are answered
 * when it completes;</li>
 * <li>refresh-ahead: a view that is read shortly before its freshness runs out is refreshed in the
 * background while readers keep getting the current answer, as long ahead as recent refreshes took
 * (at most {@code refresh-ahead}), so that the new answer lands as the old one turns stale and a
 * view being read costs one upstream call per freshness interval; views nobody reads are not
 * refreshed;</li>
 * <li>stale-on-error: a failed refresh keeps the last good answer, marked failing, until it is
 * {@code max-staleness} old, when it expires and readers get the upstream's error;</li>
 * <li>bounded: at most {@code max-entries} views.</li>
 * </ul>
 */
@ApplicationScoped
public class SnapshotCache {

    private final ConvosoClient upstream;
    private final CacheConfig config;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final AsyncLoadingCache<SearchQuery, CachedSnapshot> views;
    /** Moving average of how long recent refreshes took to bring an answer, in nanoseconds. */
    private final AtomicLong refreshTook;
    // Reloads complete on several event-loop threads at once: the processor must see them one at a time.
    private final Processor<SearchQuery, SearchQuery> changes = BroadcastProcessor.<SearchQuery>create().serialized();

    SnapshotCache(ConvosoClient upstream, GatewayConfig config, CacheMetrics metrics) {
        this.upstream = upstream;
        this.config = config.cache();
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
        this.refreshTook = new AtomicLong(this.config.refreshAhead().toNanos());
        this.views = Caffeine.newBuilder()
                .maximumSize(this.config.maxEntries())
                .expireAfter(new ExpireWhenTooOld())
                .removalListener(this::replaced)
                .buildAsync(new Loader());
        metrics.watch(views.synchronous());
    }

    /** The view's current answer: cached, coalesced with a load in flight, or loaded now. */
    public Uni<CachedSnapshot> get(SearchQuery query) {
        CompletableFuture<CachedSnapshot> present = views.getIfPresent(query);
        if (present == null) {
            metrics.miss();
            return Uni.createFrom().completionStage(() -> views.get(query));
        }
        metrics.hit(present.isDone());
        refreshIfDue(query, present);
        return Uni.createFrom().completionStage(present);
    }

    /**
     * Starts a background refresh (at most one per view at a time) once the answer is within the
     * refresh lead of turning stale, or, after a refresh that failed or was put off, once as long
     * again has passed.
     */
    private void refreshIfDue(SearchQuery query, CompletableFuture<CachedSnapshot> present) {
        CachedSnapshot snapshot = present.isDone() && !present.isCompletedExceptionally() ? present.join() : null;
        if (snapshot == null) {
            return;
        }
        Instant now = clock.instant();
        Duration refreshAt = config.freshness().minusNanos(Math.min(refreshTook.get(), config.refreshAhead().toNanos()));
        if (snapshot.age(now).compareTo(refreshAt) >= 0
                && Duration.between(snapshot.triedAt(), now).compareTo(refreshAt) >= 0) {
            views.synchronous().refresh(query);
        }
    }

    private void refreshed(long nanos) {
        refreshTook.updateAndGet(average -> average + (nanos - average) / 4);
    }

    /**
     * The views whose answer just changed (new data, or the upstream started or stopped failing), as
     * they change: lets the live stream push within milliseconds of the upstream answer.
     */
    public Multi<SearchQuery> changes() {
        return Multi.createFrom().publisher(changes);
    }

    /**
     * How old an answer is and whether readers should be told it is stale: when its latest refresh
     * failed, or when it has gone a whole extra freshness interval without one (an answer a little past
     * its interval is normal: the refresh that replaces it is in flight, or nobody read it sooner).
     */
    public Freshness freshness(CachedSnapshot snapshot) {
        Duration age = snapshot.age(clock.instant());
        boolean stale = snapshot.upstreamFailing() || age.compareTo(config.freshness().multipliedBy(2)) > 0;
        if (stale) {
            metrics.staleServe();
        }
        Duration left = config.freshness().minus(age);
        return new Freshness(age, stale, stale || left.isNegative() ? Duration.ZERO : left);
    }

    /**
     * Signals a view whose refresh brought new data, or whose upstream started or stopped failing.
     * Called once the new answer is in the cache, so that whoever reacts reads the new one.
     */
    private void replaced(SearchQuery query, CachedSnapshot old, RemovalCause cause) {
        if (cause != RemovalCause.REPLACED || query == null || old == null) {
            return;
        }
        CachedSnapshot now = views.synchronous().asMap().get(query);
        if (now != null && (now.upstreamFailing() != old.upstreamFailing() || !now.data().equals(old.data()))) {
            changes.onNext(query);
        }
    }

    /** Reads a view without waiting for it, so that a view someone watches keeps being refreshed. */
    public void touch(SearchQuery query) {
        refreshIfDue(query, views.get(query));
    }

    /** Age of an answer, whether it is stale, and how long it stays fresh. */
    public record Freshness(Duration age, boolean stale, Duration freshFor) {
    }

    /** Number of views cached now. */
    public long size() {
        return views.synchronous().estimatedSize();
    }

    /** Drops every cached view; the next reader of each view waits for the upstream. */
    public void invalidateAll() {
        views.synchronous().invalidateAll();
    }

    /** Views showing an agent who was just logged out are refreshed, so no dashboard shows them READY. */
    void agentLoggedOut(@Observes AgentLoggedOut event) {
        views.synchronous().asMap().forEach((query, snapshot) -> {
            if (snapshot.data().agents().stream().anyMatch(a -> event.userId().equals(a.userId()))) {
                views.synchronous().refresh(query);
            }
        });
    }

    private CachedSnapshot fetched(io.agentmonitor.gateway.upstream.AgentMonitorSnapshot data) {
        return new CachedSnapshot(data, clock.instant(), false);
    }

    private final class Loader implements AsyncCacheLoader<SearchQuery, CachedSnapshot> {

        @Override
        public CompletableFuture<CachedSnapshot> asyncLoad(SearchQuery query, Executor executor) {
            // Readers of a new view wait for it, and for a budget permit if need be.
            return upstream.search(query).map(SnapshotCache.this::fetched).subscribeAsCompletionStage();
        }

        @Override
        public CompletableFuture<CachedSnapshot> asyncReload(SearchQuery query, CachedSnapshot old,
                Executor executor) {
            // Nobody waits for a refresh, so it may wait for a permit only within its refresh-ahead
            // window (several views falling due at once share the budget); past that it is put off.
            long started = System.nanoTime();
            return upstream.search(query, config.refreshAhead()).map(SnapshotCache.this::fetched)
                    .invoke(() -> refreshed(System.nanoTime() - started))
                    .onFailure().recoverWithItem(failure -> keepAfterFailure(query, old, failure))
                    .subscribeAsCompletionStage();
        }

        private CachedSnapshot keepAfterFailure(SearchQuery query, CachedSnapshot old, Throwable failure) {
            if (failure instanceof UpstreamBudgetExhaustedException) {
                // Not a failure of the upstream: the view just waits its turn and ages meanwhile.
                metrics.refreshDeferred();
                return old.triedAt(clock.instant());
            }
            if (failure instanceof UpstreamErrorException) {
                Log.debugf("Refresh of %s answered an upstream error; keeping the last answer", query);
            } else {
                Log.debugf("Refresh of %s failed (%s); serving the last answer", query,
                        failure.getClass().getSimpleName());
            }
            return old.failing().triedAt(clock.instant());
        }
    }

    /** An answer lives until it is {@code max-staleness} old, however often refreshes failed. */
    private final class ExpireWhenTooOld implements Expiry<SearchQuery, CachedSnapshot> {

        @Override
        public long expireAfterCreate(SearchQuery query, CachedSnapshot snapshot, long now) {
            return remaining(snapshot);
        }

        @Override
        public long expireAfterUpdate(SearchQuery query, CachedSnapshot snapshot, long now, long current) {
            return remaining(snapshot);
        }

        @Override
        public long expireAfterRead(SearchQuery query, CachedSnapshot snapshot, long now, long current) {
            return current;
        }

        private long remaining(CachedSnapshot snapshot) {
            return Math.max(0, config.maxStaleness().minus(snapshot.age(clock.instant())).toNanos());
        }
    }
}
