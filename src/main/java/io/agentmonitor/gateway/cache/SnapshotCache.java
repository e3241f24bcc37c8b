package io.agentmonitor.gateway.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

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

/**
 * The upstream answers of every view, shared by all callers (row-level filtering happens after the
 * cache, per caller). Built on Caffeine:
 * <ul>
 * <li>single flight: concurrent readers of a missing view wait on one upstream call and are answered
 * when it completes;</li>
 * <li>refresh-ahead: a view that is read after {@code freshness - refresh-ahead} is refreshed in the
 * background while readers keep getting the current answer; views nobody reads are not refreshed;</li>
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
    private final BroadcastProcessor<SearchQuery> changes = BroadcastProcessor.create();

    SnapshotCache(ConvosoClient upstream, GatewayConfig config, CacheMetrics metrics) {
        this.upstream = upstream;
        this.config = config.cache();
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
        Duration refreshAfter = this.config.freshness().minus(this.config.refreshAhead());
        this.views = Caffeine.newBuilder()
                .maximumSize(this.config.maxEntries())
                .refreshAfterWrite(refreshAfter.isNegative() || refreshAfter.isZero() ? this.config.freshness()
                        : refreshAfter)
                .expireAfter(new ExpireWhenTooOld())
                .buildAsync(new Loader());
        metrics.watch(views.synchronous());
    }

    /** The view's current answer: cached, coalesced with a load in flight, or loaded now. */
    public Uni<CachedSnapshot> get(SearchQuery query) {
        CompletableFuture<CachedSnapshot> present = views.getIfPresent(query);
        if (present != null) {
            metrics.hit(present.isDone());
        } else {
            metrics.miss();
        }
        return Uni.createFrom().completionStage(() -> views.get(query));
    }

    /**
     * The views whose answer just changed (new data, or the upstream started or stopped failing), as
     * they change: lets the live stream push within milliseconds of the upstream answer.
     */
    public Multi<SearchQuery> changes() {
        return changes;
    }

    /** How old an answer is and whether readers should be told it is stale. */
    public Freshness freshness(CachedSnapshot snapshot) {
        Instant now = clock.instant();
        Duration age = snapshot.age(now);
        boolean stale = snapshot.upstreamFailing() || age.compareTo(config.freshness()) > 0;
        if (stale) {
            metrics.staleServe();
        }
        Duration left = stale ? Duration.ZERO : config.freshness().minus(age);
        return new Freshness(age, stale, left);
    }

    /** Age of an answer, whether it is stale, and how long it stays fresh. */
    public record Freshness(Duration age, boolean stale, Duration freshFor) {
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

    private Uni<CachedSnapshot> fetch(SearchQuery query) {
        return upstream.search(query).map(data -> new CachedSnapshot(data, clock.instant(), false));
    }

    private final class Loader implements AsyncCacheLoader<SearchQuery, CachedSnapshot> {

        @Override
        public CompletableFuture<CachedSnapshot> asyncLoad(SearchQuery query, Executor executor) {
            // A reader of a new view waits a little for a budget permit rather than failing at once.
            return fetch(query)
                    .onFailure(UpstreamBudgetExhaustedException.class).retry()
                    .withBackOff(Duration.ofMillis(100), Duration.ofMillis(500)).withJitter(0.5)
                    .expireIn(config.budgetWait().toMillis())
                    .subscribeAsCompletionStage();
        }

        @Override
        public CompletableFuture<CachedSnapshot> asyncReload(SearchQuery query, CachedSnapshot old,
                Executor executor) {
            return fetch(query)
                    .onFailure().recoverWithItem(failure -> keepAfterFailure(query, old, failure))
                    .invoke(fresh -> {
                        if (!fresh.data().equals(old.data()) || fresh.upstreamFailing() != old.upstreamFailing()) {
                            changes.onNext(query);
                        }
                    })
                    .subscribeAsCompletionStage();
        }

        private CachedSnapshot keepAfterFailure(SearchQuery query, CachedSnapshot old, Throwable failure) {
            if (failure instanceof UpstreamBudgetExhaustedException) {
                // Not a failure of the upstream: the view just waits its turn and ages meanwhile.
                metrics.refreshDeferred();
                return old;
            }
            if (failure instanceof UpstreamErrorException) {
                Log.debugf("Refresh of %s answered an upstream error; keeping the last answer", query);
            } else {
                Log.debugf("Refresh of %s failed (%s); serving the last answer", query,
                        failure.getClass().getSimpleName());
            }
            return old.failing();
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
