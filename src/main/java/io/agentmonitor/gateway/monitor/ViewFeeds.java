package io.agentmonitor.gateway.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The live views behind the stream, one per scope and filter set however many subscribers watch it:
 * when one of its cached answers changes, the view is rebuilt, and its event is encoded once and
 * written as the same bytes to every subscriber, each on its own connection's event loop (one task
 * per loop and update, not one per subscriber). One shared tick keeps the cached answers of watched
 * views refreshed, one shared timer paces the heartbeats, and a view nobody watches any more is
 * dropped (so its answers stop being refreshed).
 */
@ApplicationScoped
class ViewFeeds {

    /** One snapshot event: the view's entity tag (without quotes) and the event's encoded frame. */
    record Update(String id, SseFrames.Frame frame) {
    }

    /** Subscribers with the same scope and filters see the same view. */
    private record Key(CampaignScope scope, SnapshotRequest request) {
    }

    private final SnapshotService snapshots;
    private final SnapshotCache cache;
    private final ConcurrentHashMap<Key, Feed> feeds = new ConcurrentHashMap<>();
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
        // A watched view falls due at most half a refresh's permit wait late.
        Duration tick = config.budget().refreshPermitWait().dividedBy(2);
        this.keepWarm = Multi.createFrom().ticks().every(tick).onOverflow().drop()
                .subscribe().with(t -> feeds.values().forEach(Feed::keepWarm));
        this.heartbeatTimer = Multi.createFrom().ticks().every(config.cache().heartbeat()).onOverflow().drop()
                .subscribe().with(t -> feeds.values().forEach(Feed::heartbeat));
    }

    @PreDestroy
    void stop() {
        changes.cancel();
        keepWarm.cancel();
        heartbeatTimer.cancel();
    }

    /**
     * Joins the caller's view until the connection closes: the connection gets the view's current
     * snapshot (unless it already has it), then every change. Called on the connection's context.
     */
    void subscribe(Caller caller, SnapshotRequest request, SseConnection connection) {
        if (!Context.isOnEventLoopThread()) {
            // A view's subscribers on one event loop are only touched on that loop.
            VertxContext.getRootContext(Vertx.currentContext())
                    .runOnContext(ignored -> subscribe(caller, request, connection));
            return;
        }
        Feed feed = acquire(new Key(caller.scope(), request), caller);
        Subscribers loop = feed.join(connection);
        feed.watchers.merge(caller.subject(), 1, Integer::sum);
        connection.onClose(() -> {
            loop.connections.remove(connection);
            feed.watchers.computeIfPresent(caller.subject(), (subject, count) -> count > 1 ? count - 1 : null);
            release(feed);
        });
    }

    private Feed acquire(Key key, Caller caller) {
        Feed feed = feeds.compute(key, (k, existing) -> {
            Feed f = existing != null ? existing : new Feed(caller, k.request());
            f.subscribers++;
            return f;
        });
        if (feed.latest == null) {
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

    /** A view's subscribers on one event loop; the set is only touched on that loop. */
    private static final class Subscribers {

        private final Context context;
        private final Set<SseConnection> connections = new HashSet<>();

        Subscribers(Context context) {
            this.context = context;
        }

        void send(Update update, Runnable done) {
            context.runOnContext(ignored -> {
                // A write may close a connection, which leaves the set: iterate over a copy.
                for (SseConnection connection : connections.toArray(SseConnection[]::new)) {
                    connection.send(update);
                }
                done.run();
            });
        }

        void heartbeat() {
            context.runOnContext(ignored -> {
                for (SseConnection connection : connections.toArray(SseConnection[]::new)) {
                    connection.heartbeat();
                }
            });
        }
    }

    /** One live view: rebuilt when its answers change, published only when its content changed. */
    private final class Feed {

        private final Caller caller;
        private final SnapshotRequest request;
        private final Set<SearchQuery> queries;
        /** By event loop (root context); a loop's entry stays while the view lives. */
        private final ConcurrentHashMap<Context, Subscribers> loops = new ConcurrentHashMap<>();
        /** The subjects watching this view, and how many streams each has on it. */
        private final ConcurrentHashMap<String, Integer> watchers = new ConcurrentHashMap<>();
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

        /** Adds the connection to its loop's subscribers and sends it the current snapshot, if any. */
        Subscribers join(SseConnection connection) {
            Context root = VertxContext.getRootContext(Vertx.currentContext());
            Subscribers loop = loops.computeIfAbsent(root, Subscribers::new);
            loop.connections.add(connection);
            // An update published from now on reaches the connection by a task queued behind this one.
            Update current = latest;
            if (current != null) {
                connection.send(current);
            }
            return loop;
        }

        void heartbeat() {
            loops.values().forEach(Subscribers::heartbeat);
        }

        void keepWarm() {
            queries.forEach(query -> cache.touch(query, watchers.keySet()));
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
            snapshots.snapshot(caller, request, null).subscribe().with(view -> {
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
            String id = view.etag().replace("\"", "");
            Update update = new Update(id, SseFrames.snapshot(id, view.json()));
            latest = update;
            long started = System.nanoTime();
            List<Subscribers> targets = List.copyOf(loops.values());
            AtomicInteger remaining = new AtomicInteger(targets.size());
            Runnable done = () -> {
                if (remaining.decrementAndGet() == 0) {
                    fanOut.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
            };
            targets.forEach(loop -> loop.send(update, done));
        }
    }
}
