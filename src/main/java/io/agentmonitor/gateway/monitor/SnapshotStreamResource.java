package io.agentmonitor.gateway.monitor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;

/**
 * The scoped snapshot as Server-Sent Events: a {@code snapshot} event whenever the caller's view
 * changes (not when it merely refreshes identically), its entity tag as the event id, and a
 * heartbeat comment at a fixed interval. Subscribers read the shared cache, never the upstream:
 * the cache's change signal pushes updates at once, and a slow tick keeps the view refreshed while
 * anyone watches it. A slow consumer only ever has the latest view pending.
 */
@Path("/api/v1/agent-monitor/stream")
@Authenticated
public class SnapshotStreamResource {

    private final SnapshotService snapshots;
    private final CallerContext callers;
    private final SnapshotCache cache;
    private final Duration tick;
    private final Duration heartbeat;
    private final StreamMetrics metrics;

    SnapshotStreamResource(SnapshotService snapshots, CallerContext callers, SnapshotCache cache,
            GatewayConfig config, StreamMetrics metrics) {
        this.snapshots = snapshots;
        this.callers = callers;
        this.cache = cache;
        this.tick = config.cache().freshness().minus(config.cache().refreshAhead()).dividedBy(2);
        this.heartbeat = config.cache().heartbeat();
        this.metrics = metrics;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(
            @RestQuery("campaign_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = AgentMonitorResource.ID_MESSAGE) String campaignId,
            @RestQuery("queue_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = AgentMonitorResource.ID_MESSAGE) String queueId,
            @RestQuery("user_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = AgentMonitorResource.ID_MESSAGE) String userId,
            @RestQuery("skill") List<String> skills,
            @RestHeader("Last-Event-ID") String lastEventId,
            Sse sse) {
        Caller caller = callers.viewer();
        SnapshotRequest request = SnapshotRequest.of(campaignId, queueId, userId, skills);
        // Checked now, so that an out-of-scope request fails with a 403 instead of an empty stream.
        snapshots.authorize(caller, request);
        AtomicReference<Object> lastSent = new AtomicReference<>(lastEventId);

        Multi<Object> triggers = Multi.createBy().merging().streams(
                Multi.createFrom().ticks().startingAfter(Duration.ZERO).every(tick).onOverflow().drop()
                        .map(t -> (Object) t),
                cache.changes().map(q -> (Object) q));
        Multi<OutboundSseEvent> updates = triggers
                .onItem().transformToUni(t -> snapshots.snapshot(caller, request)
                        .onFailure().recoverWithNull())
                .merge(1)
                .filter(view -> view != null && changed(lastSent, view))
                .map(view -> sse.newEventBuilder().name("snapshot").id(view.etag().replace("\"", ""))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(ScopedSnapshot.class, view.body())
                        .build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(heartbeat).onOverflow().drop()
                .map(t -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(updates, heartbeats)
                .onOverflow().dropPreviousItems()
                .onSubscription().invoke(metrics::subscribed)
                .onTermination().invoke(metrics::unsubscribed);
    }

    /** A new event only when the content or the stale flag changed since the last one sent. */
    private static boolean changed(AtomicReference<Object> lastSent, SnapshotView view) {
        Object key = List.of(view.content(), view.body().stale());
        Object previous = lastSent.get();
        if (key.equals(previous) || view.etag().replace("\"", "").equals(previous)) {
            lastSent.set(key);
            return false;
        }
        lastSent.set(key);
        return true;
    }
}
