package io.agentmonitor.gateway.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Flow.Processor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.CampaignScope;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The live views behind the stream, one per scope and filter set however many subscribers watch it:
 * when one of its cached answers changes, the view is rebuilt and serialized once and the same
 * update goes to every subscriber. One shared tick keeps the cached answers of watched views
 * refreshed, one shared timer paces the heartbeats, and a view nobody watches any more is dropped
 * (so its answers stop being refreshed). A subscriber holds only the id of the last update it got.
 */
@ApplicationScoped
class ViewFeeds {

    /** One snapshot event: the view's entity tag (without quotes) and its JSON. */
    record Update(String id, String json) {
    }

    /** Subscribers with the same scope and filters see the same view. */
    private record Key(CampaignScope scope, SnapshotRequest request) {
    }

    private final SnapshotService snapshots;
    private final SnapshotCache cache;
    private final ConcurrentHashMap<Key, Feed> feeds = new ConcurrentHashMap<>();
    private final Processor<Long, Long> heartbeats = BroadcastProcessor.<Long>create().serialized();
    private final Cancellable changes;
    private final Cancellable keepWarm;
    private final Cancellable heartbeatTimer;
    private final Timer updateDelay;
    private final Timer fanOut;

    ViewFeeds(SnapshotService snapshots, SnapshotCache cache, GatewayConfig config, MeterRegistry registry) {
        this.snapshots = snapshots;
        this.cache = cache;
        registry.gauge("gateway.stream.views", feeds, ConcurrentHashMap::size);
        this.updateDelay = Timer.builder("gateway.stream.update.delay")
                .description("From the upstream answer that changed a live view to its update going out")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.fanOut = Timer.builder("gateway.stream.fanout")
                .description("Handing one update of a live view to all its subscribers")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.changes = cache.changes().subscribe().with(this::changed);
        // Often enough to land in the refresh-ahead window of every watched answer.
        Duration tick = config.cache().refreshAhead().dividedBy(2);
        this.keepWarm = Multi.createFrom().ticks().every(tick).onOverflow().drop()
                .subscribe().with(t -> feeds.values().forEach(Feed::keepWarm));
        this.heartbeatTimer = Multi.createFrom().ticks().every(config.cache().heartbeat()).onOverflow().drop()
                .subscribe().with(heartbeats::onNext);
    }

    @PreDestroy
    void stop() {
        changes.cancel();
        keepWarm.cancel();
        heartbeatTimer.cancel();
    }

    /**
     * The caller's view: its current snapshot first (unless it is the one named by
     * {@code lastEventId}), then every change, for as long as the subscriber stays.
     */
    Multi<Update> updates(Caller caller, SnapshotRequest request, String lastEventId) {
        Key key = new Key(caller.scope(), request);
        return Multi.createFrom().deferred(() -> {
            Feed feed = acquire(key, caller);
            AtomicReference<String> lastId = new AtomicReference<>(lastEventId);
            Multi<Update> updates = Multi.createBy().merging().streams(feed.live(), Multi.createFrom().item(feed::latest))
                    .filter(update -> !update.id().equals(lastId.getAndSet(update.id())));
            // Each subscriber's event is written on its own connection's event loop: handing an update
            // to a view's subscribers only queues work, and the writing is spread over the loops.
            Context connection = Vertx.currentContext();
            if (connection != null) {
                updates = updates.emitOn(task -> connection.runOnContext(ignored -> task.run()));
            }
            return updates.onTermination().invoke(() -> release(feed));
        });
    }

    /** A tick every {@code gateway.cache.heartbeat}, shared by all subscribers. */
    Multi<Long> heartbeats() {
        return Multi.createFrom().publisher(heartbeats);
    }

    private Feed acquire(Key key, Caller caller) {
        Feed feed = feeds.compute(key, (k, existing) -> {
            Feed f = existing != null ? existing : new Feed(caller, k.request());
            f.subscribers++;
            return f;
        });
        if (feed.latest() == null) {
            feed.rebuild();
        }
        return feed;
    }

    private void release(Feed feed) {
        feeds.computeIfPresent(new Key(feed.caller.scope(), feed.request),
                (k, f) -> f != feed || --f.subscribers > 0 ? f : null);
    }

    private void changed(SearchQuery query) {
        feeds.values().forEach(feed -> {
            if (feed.queries.contains(query)) {
                feed.rebuild();
            }
        });
    }

    /** One live view: rebuilt when its answers change, published only when its content changed. */
    private final class Feed {

        private final Caller caller;
        private final SnapshotRequest request;
        private final Set<SearchQuery> queries;
        private final Processor<Update, Update> updates = BroadcastProcessor.<Update>create().serialized();
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicBoolean dirty = new AtomicBoolean();
        private volatile Update latest;
        private Object published;
        /** Guarded by the feeds map's lock on this feed's key. */
        private int subscribers;

        Feed(Caller caller, SnapshotRequest request) {
            this.caller = caller;
            this.request = request;
            this.queries = Set.copyOf(snapshots.queries(caller, request));
        }

        Update latest() {
            return latest;
        }

        Multi<Update> live() {
            return Multi.createFrom().publisher(updates);
        }

        void keepWarm() {
            queries.forEach(cache::touch);
            if (latest == null) {
                rebuild(); // the first build failed (upstream down, nothing cached): try again
            }
        }

        /** Rebuilds the view; triggers arriving while a rebuild runs cause one more, not one each. */
        void rebuild() {
            dirty.set(true);
            if (running.compareAndSet(false, true)) {
                run();
            }
        }

        private void run() {
            dirty.set(false);
            snapshots.snapshot(caller, request).subscribe().with(view -> {
                publish(view);
                finish();
            }, failure -> {
                Log.debugf("Live view %s not rebuilt: %s", request, failure.getClass().getSimpleName());
                finish();
            });
        }

        private void finish() {
            running.set(false);
            if (dirty.get() && running.compareAndSet(false, true)) {
                run();
            }
        }

        /** Runs one rebuild at a time, so {@code published} needs no further guard. */
        private void publish(SnapshotView view) {
            Object content = List.of(view.content(), view.body().stale());
            if (content.equals(published)) {
                return;
            }
            if (published != null) { // a change, not the view's first build
                updateDelay.record(Duration.between(view.answeredAt(), Instant.now()));
            }
            published = content;
            Update update = new Update(view.etag().replace("\"", ""), new String(view.json(), StandardCharsets.UTF_8));
            latest = update;
            long started = System.nanoTime();
            updates.onNext(update);
            fanOut.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
