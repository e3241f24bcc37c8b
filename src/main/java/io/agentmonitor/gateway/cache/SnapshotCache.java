package io.agentmonitor.gateway.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

import io.agentmonitor.gateway.attention.StatusSince;
import io.agentmonitor.gateway.audit.AgentLoggedOut;
import io.agentmonitor.gateway.cluster.SharedSnapshots;
import io.agentmonitor.gateway.config.CacheConfig;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.ConvosoClient;
import io.agentmonitor.gateway.upstream.PermitWait;
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
 * view being read costs one upstream call per freshness interval; a refresh waits for its budget
 * permit at most {@code refresh-permit-wait}, however long it leads; views nobody reads are not
 * refreshed. Refreshes are run here, one per view at a time, rather than by Caffeine's
 * {@code refresh}: that one drops a finished refresh's answer when another refresh of the key is
 * asked for before the answer is installed, which readers of the old answer do all the time;</li>
 * <li>stale-on-error: a failed refresh keeps the last good answer, marked failing, until it is
 * {@code max-staleness} old, when it expires and readers get the upstream's error;</li>
 * <li>bounded: at most {@code max-entries} views.</li>
 * </ul>
 * With Redis ({@link SharedSnapshots}), loads and refreshes ask the shared tier first: another
 * replica's answer that is fresh enough is used as is, and only the replica holding a view's lease
 * calls the upstream; its answer reaches the other replicas' caches (and their streams) as a notice.
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
    private final SharedSnapshots shared;
    private final Duration leaseWait;
    private final Duration refreshPermitWait;
    private final Duration permitWait;
    private final long maxLead;
    // Views that must be refreshed with data fetched after the given time (an agent was logged out).
    private final ConcurrentMap<SearchQuery, Instant> mustFollow = new ConcurrentHashMap<>();
    // Views with a refresh running (one at a time), and those to refresh again as soon as it ends.
    private final Set<SearchQuery> refreshing = ConcurrentHashMap.newKeySet();
    private final Set<SearchQuery> refreshAgain = ConcurrentHashMap.newKeySet();
    private final Loader loader = new Loader();
    private final ViewDemand demand;
    // Reloads complete on several event-loop threads at once: the processor must see them one at a time.
    private final Processor<SearchQuery, SearchQuery> changes = BroadcastProcessor.<SearchQuery>create().serialized();

    SnapshotCache(ConvosoClient upstream, GatewayConfig config, CacheMetrics metrics, SharedSnapshots shared) {
        this.upstream = upstream;
        this.config = config.cache();
        this.metrics = metrics;
        this.shared = shared;
        this.clock = Clock.systemUTC();
        this.maxLead = Math.min(this.config.refreshAhead().toNanos(), this.config.freshness().toNanos() / 2);
        this.refreshTook = new AtomicLong(maxLead);
        // A reader of a new view whose lease another replica holds waits as long as that replica may.
        this.leaseWait = config.budget().permitWait().plus(config.upstream().timeout());
        this.refreshPermitWait = config.budget().refreshPermitWait();
        this.permitWait = config.budget().permitWait();
        this.demand = new ViewDemand(config.limits().viewIdle(), this.config.freshness(), System::nanoTime);
        this.views = Caffeine.newBuilder()
                .maximumSize(this.config.maxEntries())
                .expireAfter(new ExpireWhenTooOld())
                .removalListener(this::replaced)
                .buildAsync(loader);
        metrics.watch(views.synchronous());
        shared.listen(new OtherReplicas());
    }

    /**
     * The view's current answer: cached, coalesced with a load in flight, or loaded now. {@code reader}
     * (a caller's stable id, or null) counts among the view's readers, whom the budget weighs.
     */
    public Uni<CachedSnapshot> get(SearchQuery query, String reader) {
        demand.read(query, reader);
        CompletableFuture<CachedSnapshot> present = views.getIfPresent(query);
        if (present == null) {
            metrics.miss();
            // Each reader gets a copy: a reader who leaves cancels its own, not the load others wait for.
            return Uni.createFrom().completionStage(() -> views.get(query).copy());
        }
        metrics.hit(present.isDone());
        refreshIfDue(query, completed(present));
        return Uni.createFrom().completionStage(present.copy());
    }

    /** The view's answer if the cache holds one already, without waiting or counting a read; else null. */
    public CachedSnapshot answer(SearchQuery query) {
        return completed(views.getIfPresent(query));
    }

    /** Counts a read of an {@link #answer} as a hit and starts its background refresh when due, as {@link #get} does. */
    public void served(SearchQuery query, CachedSnapshot answer, String reader) {
        demand.read(query, reader);
        metrics.hit(true);
        refreshIfDue(query, answer);
    }

    private static CachedSnapshot completed(CompletableFuture<CachedSnapshot> future) {
        return future != null && future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
    }

    /**
     * Starts a background refresh (at most one per view at a time) once the answer is within the
     * refresh lead of turning stale; after a refresh that failed, a refresh interval later, and after
     * one put off for want of a budget permit, shortly after.
     */
    private void refreshIfDue(SearchQuery query, CachedSnapshot snapshot) {
        if (due(snapshot)) {
            refresh(query, false);
        }
    }

    private boolean due(CachedSnapshot snapshot) {
        Instant now = clock.instant();
        return snapshot != null && snapshot.age(now).compareTo(refreshAfter()) >= 0
                && (snapshot.retryAt() == null || !now.isBefore(snapshot.retryAt()));
    }

    /**
     * Refreshes a cached view in the background unless a refresh of it is running already, and
     * unless {@code always}, only if the cached answer is due (a reader may have judged an answer
     * that a refresh has just replaced). The refresh's answer replaces the cached one, unless a newer
     * one arrived meanwhile (another replica's notice); only then may the view's next refresh start.
     */
    private void refresh(SearchQuery query, boolean always) {
        if (!refreshing.add(query)) {
            return;
        }
        if (always) {
            refreshAgain.remove(query);
        }
        CachedSnapshot from = completed(views.asMap().get(query));
        if (from == null || !always && !due(from)) { // not cached, still loading, or refreshed already
            refreshing.remove(query);
            return;
        }
        CompletableFuture<CachedSnapshot> reload;
        try {
            reload = loader.reload(query, from);
        } catch (RuntimeException e) {
            refreshing.remove(query);
            throw e;
        }
        reload.whenComplete((answer, failure) -> {
            try {
                if (answer != null) {
                    views.asMap().computeIfPresent(query, (key, current) -> {
                        CachedSnapshot now = completed(current);
                        return answer != now && (now == null || now == from || newer(answer, now))
                                ? CompletableFuture.completedFuture(answer)
                                : current;
                    });
                } else {
                    Log.debugf("Refresh of %s ended without an answer: %s", query, failure);
                }
            } finally {
                refreshing.remove(query);
            }
            if (refreshAgain.contains(query)) {
                refresh(query, true);
            }
        });
    }

    /** Refreshes a cached view now, or as soon as the refresh running already ends. */
    private void refreshSoon(SearchQuery query) {
        refreshAgain.add(query);
        refresh(query, true);
    }

    /**
     * How old an answer gets before a reader starts its refresh: freshness less the refresh lead, which
     * is at most {@code refresh-ahead} and half the freshness interval.
     */
    private Duration refreshAfter() {
        return config.freshness().minusNanos(Math.min(refreshTook.get(), maxLead));
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
     * How old an answer is and whether readers should be told it is stale. Stale means failing: the
     * latest refresh of the view failed, and the answer is the last good one. An answer that is merely
     * old (a view nobody read for a while, a refresh put off while the budget is shared under load) is
     * not stale; its age says how old it is, and that is what banners and alerts look at.
     */
    public Freshness freshness(CachedSnapshot snapshot) {
        Duration age = snapshot.age(clock.instant());
        boolean stale = snapshot.upstreamFailing();
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
        if (cause != RemovalCause.REPLACED && query != null) {
            demand.forget(query);
        }
        if (cause != RemovalCause.REPLACED || query == null || old == null) {
            return;
        }
        CachedSnapshot now = views.synchronous().asMap().get(query);
        if (now != null && (now.upstreamFailing() != old.upstreamFailing() || !now.data().equals(old.data())
                || !Objects.equals(now.notFound(), old.notFound()))) {
            changes.onNext(query);
        }
    }

    /** Reads a view without waiting for it, so that a view its {@code readers} watch keeps being refreshed. */
    public void touch(SearchQuery query, Iterable<String> readers) {
        readers.forEach(reader -> demand.read(query, reader));
        refreshIfDue(query, completed(views.get(query)));
    }

    /** Age of an answer, whether it is stale, and how long it stays fresh. */
    public record Freshness(Duration age, boolean stale, Duration freshFor) {
    }

    /** Whether any view holds an answer (the cache keeps none past the maximum staleness). */
    public boolean holdsAnswers() {
        return views.asMap().values().stream().anyMatch(future -> completed(future) != null);
    }

    /** Number of views cached now. */
    public long size() {
        return views.synchronous().estimatedSize();
    }

    /** Drops every cached view; the next reader of each view waits for the upstream. */
    public void invalidateAll() {
        views.synchronous().invalidateAll();
    }

    /**
     * Views showing an agent who was just logged out are refreshed, here and on every other replica,
     * so no dashboard shows them READY.
     */
    void agentLoggedOut(@Observes AgentLoggedOut event) {
        Instant at = clock.instant();
        refreshShowing(event.userId(), at);
        shared.announceLogout(event.userId(), at);
    }

    private void refreshShowing(String userId, Instant loggedOutAt) {
        views.synchronous().asMap().forEach((query, snapshot) -> {
            if (snapshot.data().agents().stream().anyMatch(a -> userId.equals(a.userId()))) {
                mustFollow.merge(query, loggedOutAt, (a, b) -> a.isAfter(b) ? a : b);
                refreshSoon(query);
            }
        });
    }

    /** A new answer of the view's, with each agent's status start carried over from the answer it replaces. */
    private CachedSnapshot fetched(SearchQuery query, AgentMonitorSnapshot data) {
        // Milliseconds: the precision the shared tier keeps, so a shared answer compares equal to its origin.
        Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CachedSnapshot previous = answer(query);
        return new CachedSnapshot(StatusSince.stamp(data, fetchedAt, previous == null ? null : previous.data()),
                fetchedAt, false);
    }

    /**
     * The shared answer is good enough when fetched after the refresh point and after any logout to
     * follow. Answers carry whole milliseconds: one fetched in the refresh point's millisecond is due
     * here, so it must not count as fresh there (a reader arriving right at the refresh point would
     * otherwise find its own answer fresh, and the next reader would ask again).
     */
    private Instant freshAfter(Instant notBefore) {
        Instant refreshPoint = clock.instant().minus(refreshAfter()).truncatedTo(ChronoUnit.MILLIS);
        return (notBefore != null && notBefore.isAfter(refreshPoint) ? notBefore : refreshPoint).plusMillis(1);
    }

    /**
     * Refreshes a view again once another replica's lease on it has run out, unless the view has left
     * the cache meanwhile: if that replica died mid-refresh, this one takes over at once rather than
     * a refresh interval later. If it did its job, the look costs one Redis command.
     */
    private void lookAgainAfter(SearchQuery query, Duration leaseLeft) {
        if (leaseLeft.isZero()) {
            return;
        }
        CompletableFuture.delayedExecutor(leaseLeft.toMillis() + 20, TimeUnit.MILLISECONDS).execute(() -> {
            if (views.asMap().containsKey(query)) {
                refresh(query, true);
            }
        });
    }

    private static boolean namesNothing(Throwable failure) {
        return failure instanceof UpstreamErrorException e && (e.hasCode(UpstreamErrorException.INVALID_USER)
                || e.hasCode(UpstreamErrorException.INVALID_QUEUE) || e.hasCode(UpstreamErrorException.INVALID_CAMPAIGN));
    }

    private static boolean newer(CachedSnapshot candidate, CachedSnapshot current) {
        return candidate != null && (current == null || candidate.fetchedAt().isAfter(current.fetchedAt())
                || candidate.fetchedAt().equals(current.fetchedAt()) && candidate.upstreamFailing()
                        && !current.upstreamFailing());
    }

    private static CachedSnapshot newest(CachedSnapshot current, CachedSnapshot candidate) {
        return newer(candidate, current) ? candidate : current;
    }

    private final class Loader implements AsyncCacheLoader<SearchQuery, CachedSnapshot> {

        @Override
        public CompletableFuture<CachedSnapshot> asyncLoad(SearchQuery query, Executor executor) {
            return load(query, clock.instant().plus(leaseWait)).subscribeAsCompletionStage();
        }

        private Uni<CachedSnapshot> load(SearchQuery query, Instant giveUp) {
            return shared.lookup(query, freshAfter(null)).flatMap(found -> switch (found.verdict()) {
                case FRESH -> Uni.createFrom().item(found.snapshot());
                case BUSY -> {
                    if (found.snapshot() == null) {
                        yield awaitOtherReplica(query, giveUp);
                    }
                    lookAgainAfter(query, found.leaseLeft());
                    yield Uni.createFrom().item(found.snapshot());
                }
                case LEASED, LOCAL -> fetchForReaders(query, found.snapshot());
            });
        }

        /** Another replica is fetching a view nobody has yet: look again shortly, or take over its lease. */
        private Uni<CachedSnapshot> awaitOtherReplica(SearchQuery query, Instant giveUp) {
            if (clock.instant().isAfter(giveUp)) {
                return Uni.createFrom().failure(new UpstreamBudgetExhaustedException());
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(50))
                    .flatMap(ignored -> load(query, giveUp));
        }

        private Uni<CachedSnapshot> fetchForReaders(SearchQuery query, CachedSnapshot sharedAnswer) {
            if (sharedAnswer == null && demand.yields(query, false)) {
                // A light view (its callers keep many) while a heavier one waits for the budget: it
                // is not loaded now, or its readers would take the permits the heavier one waits for.
                metrics.refreshYielded();
                shared.release(query);
                return Uni.createFrom().failure(new UpstreamBudgetExhaustedException());
            }
            // Readers of a new view wait for it, and for a budget permit if need be.
            return searchForReaders(query)
                    .invoke(snapshot -> shared.share(query, snapshot))
                    .onFailure().recoverWithUni(failure -> {
                        if (sharedAnswer != null) {
                            return Uni.createFrom().item(keepAfterFailure(query, sharedAnswer, failure));
                        }
                        // Replicas waiting for this view try themselves rather than wait out the lease.
                        shared.release(query);
                        return Uni.createFrom().failure(failure);
                    });
        }

        /**
         * The search readers wait for, up to {@code permit-wait}: every attempt that finds no permit
         * counts the view as put off, so lighter views yield to it while its readers wait; a lighter
         * view's own wait ends as soon as it should yield.
         */
        private Uni<CachedSnapshot> searchForReaders(SearchQuery query) {
            return answer(query, upstream.search(query, permitWait, waitFor(query, false)));
        }

        /** How a search for the view waits; {@code hasAnswer}: a refresh, whose readers are served meanwhile. */
        private PermitWait waitFor(SearchQuery query, boolean hasAnswer) {
            return new PermitWait() {
                @Override
                public void refused() {
                    demand.putOff(query, hasAnswer);
                }

                @Override
                public boolean stillWanted() {
                    if (demand.yields(query, hasAnswer)) {
                        metrics.refreshYielded();
                        return false;
                    }
                    return true;
                }
            };
        }

        /** A refresh of a cached view (see {@link SnapshotCache#refresh}); never fails. */
        CompletableFuture<CachedSnapshot> reload(SearchQuery query, CachedSnapshot old) {
            Instant notBefore = mustFollow.remove(query);
            long started = System.nanoTime();
            return shared.lookup(query, freshAfter(notBefore)).flatMap(found -> {
                CachedSnapshot current = newest(old, found.snapshot());
                return switch (found.verdict()) {
                    case FRESH -> Uni.createFrom().item(current);
                    case BUSY -> {
                        // The lease holder's answer arrives as a notice; a logout still to follow waits for it.
                        if (notBefore != null) {
                            mustFollow.merge(query, notBefore, (a, b) -> a.isAfter(b) ? a : b);
                        }
                        lookAgainAfter(query, found.leaseLeft());
                        // Not due again until a refresh interval has passed (the notice usually comes first).
                        yield Uni.createFrom().item(current == old ? old.retryAt(clock.instant().plus(refreshAfter()))
                                : current);
                    }
                    case LEASED, LOCAL -> refresh(query, current, started);
                };
            }).subscribeAsCompletionStage();
        }

        /** A refresh of this replica's; {@code started} is when it asked the shared tier, and counts in its lead. */
        private Uni<CachedSnapshot> refresh(SearchQuery query, CachedSnapshot current, long started) {
            if (demand.yields(query, true)) {
                // A view that comes first waited for a permit lately: this one waits its turn without asking.
                metrics.refreshYielded();
                shared.release(query);
                return Uni.createFrom().item(current.retryAt(clock.instant().plus(refreshPermitWait)));
            }
            // Nobody waits for a refresh, so it waits for a permit only briefly (several views falling
            // due at once share the budget); past that it is put off.
            return answer(query, upstream.search(query, refreshPermitWait, waitFor(query, true)))
                    .invoke(snapshot -> {
                        refreshed(System.nanoTime() - started);
                        shared.share(query, snapshot);
                    })
                    .onFailure().recoverWithItem(failure -> keepAfterFailure(query, current, failure));
        }

        /** The search's answer as cached; the upstream's "no such campaign, queue or agent" is one too. */
        private Uni<CachedSnapshot> answer(SearchQuery query, Uni<AgentMonitorSnapshot> search) {
            return search.invoke(ignored -> demand.answered(query)).map(data -> fetched(query, data))
                    .onFailure(SnapshotCache::namesNothing).recoverWithItem(failure -> CachedSnapshot.notFound(
                            ((UpstreamErrorException) failure).code(), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        }

        private CachedSnapshot keepAfterFailure(SearchQuery query, CachedSnapshot old, Throwable failure) {
            if (failure instanceof UpstreamBudgetExhaustedException) {
                // Not a failure of the upstream: the view just waits its turn and ages meanwhile,
                // and lighter views yield to it meanwhile.
                metrics.refreshDeferred();
                demand.putOff(query, true);
                shared.release(query);
                // Tried again shortly: permits free up every 1/budget s. A view that lighter ones yield
                // to asks again by itself, not only at its next read, and takes the permit they leave.
                Duration again = refreshPermitWait.dividedBy(4);
                CompletableFuture.delayedExecutor(again.toMillis() + 5, TimeUnit.MILLISECONDS).execute(() -> {
                    if (views.asMap().containsKey(query) && !demand.yields(query, true)) {
                        SnapshotCache.this.refresh(query, false);
                    }
                });
                return old.retryAt(clock.instant().plus(again));
            }
            if (failure instanceof UpstreamErrorException) {
                Log.debugf("Refresh of %s answered an upstream error; keeping the last answer", query);
            } else {
                Log.debugf("Refresh of %s failed (%s); serving the last answer", query,
                        failure.getClass().getSimpleName());
            }
            CachedSnapshot failing = old.failing().retryAt(clock.instant().plus(refreshAfter()));
            shared.shareFailure(query, failing);
            return failing;
        }
    }

    /** Notices from the other replicas through Redis. */
    private final class OtherReplicas implements SharedSnapshots.Listener {

        @Override
        public boolean holds(SearchQuery query) {
            return views.asMap().containsKey(query);
        }

        @Override
        public void adopt(SearchQuery query, CachedSnapshot snapshot) {
            // Replacing the entry signals a change (see replaced) to this replica's stream subscribers.
            views.asMap().computeIfPresent(query, (key, current) -> current.isDone()
                    && !current.isCompletedExceptionally() && newer(snapshot, current.join())
                            ? CompletableFuture.completedFuture(snapshot)
                            : current);
        }

        @Override
        public void agentLoggedOut(String userId, Instant at) {
            refreshShowing(userId, at);
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
