package io.agentmonitor.gateway.monitor;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import io.agentmonitor.gateway.problem.Problem;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The scoped snapshot as Server-Sent Events: a {@code snapshot} event whenever the caller's view
 * changes (not when it merely refreshes identically), its entity tag as the event id, and a
 * heartbeat comment at a fixed interval. Subscribers share live views ({@link ViewFeeds}) built from
 * the shared cache, never the upstream: the cache's change signal pushes updates at once. Each event
 * is encoded once and the same bytes are written to every subscriber's connection ({@link SseConnection});
 * a slow consumer only ever has the latest view pending.
 */
@Path("/api/v1/agent-monitor/stream")
@Authenticated
@Tag(name = "monitor")
public class SnapshotStreamResource {

    private final SnapshotService snapshots;
    private final CallerContext callers;
    private final ViewFeeds feeds;
    private final StreamMetrics metrics;
    private final OpenStreams streams;

    SnapshotStreamResource(SnapshotService snapshots, CallerContext callers, ViewFeeds feeds, StreamMetrics metrics,
            OpenStreams streams) {
        this.snapshots = snapshots;
        this.callers = callers;
        this.feeds = feeds;
        this.metrics = metrics;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @NonBlocking
    @Operation(operationId = "streamAgentMonitorSnapshots", summary = "Scoped snapshots as Server-Sent Events",
            description = """
                    The view of `getAgentMonitorSnapshot` (same filters, same scope rules), pushed whenever it \
                    changes. Each event is named `snapshot`; its `data` is one `ScopedSnapshot` as JSON and its \
                    `id` the view's entity tag (without quotes). A `: heartbeat` comment keeps the connection \
                    open between changes. Reconnecting with `Last-Event-ID` skips the snapshot already held. \
                    When `Accept-Encoding` admits gzip (browsers' `EventSource` always sends it), the stream is \
                    gzip-compressed and each event is flushed whole, so it can be decoded as soon as it arrives; \
                    the compressed body has no end, like the stream. \
                    The stream lasts only as long as the token that opened it: at the token's `exp`, or at once \
                    when the key that signed it leaves the realm's key set, the gateway sends one \
                    `reauthenticate` event (no `id`; `data` is `{"reason": "token-expired" | \
                    "signing-key-removed", "detail": "..."}`) and ends the response (a gzip body ends properly). \
                    A client opens the next stream with a fresh token and `Last-Event-ID` shortly before its token \
                    expires, then closes the old one: an unchanged view is not sent again. After \
                    `signing-key-removed`, or when no fresh token can be had, the user must sign in again. \
                    Filter, scope and role errors are answered as problems before the stream starts.""",
            extensions = {
                    @Extension(name = "x-required-roles", value = "[\"monitor-viewer\", \"monitor-admin\"]",
                            parseValue = true),
                    @Extension(name = "x-sse-events", value = """
                            {"snapshot": {"data": {"$ref": "#/components/schemas/ScopedSnapshot"}, \
                            "id": "the view's entity tag"}, \
                            "reauthenticate": {"data": {"type": "object", "required": ["reason", "detail"], \
                            "properties": {"reason": {"type": "string", \
                            "enum": ["token-expired", "signing-key-removed"]}, "detail": {"type": "string"}}}, \
                            "id": "none: the last event of the stream"}}""", parseValue = true),
            })
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "An endless event stream: `event: snapshot`, `id: <entity tag>`, "
            + "`data: <ScopedSnapshot JSON>` per change, and `: heartbeat` comments.",
            headers = @Header(name = "Content-Encoding", description = "`gzip` when the request's `Accept-Encoding` "
                    + "admits it; absent otherwise.", schema = @Schema(type = SchemaType.STRING, enumeration = "gzip")),
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(type = SchemaType.STRING, description = "text/event-stream lines"),
                    example = "event: snapshot\nid: 5f1c0e9ad2b4\ndata: {\"agents\":[],\"agent_total\":0,"
                            + "\"agent_incall\":0,\"agent_ready\":0,\"agent_paused\":0,"
                            + "\"generated_at\":\"2026-03-01T09:00:00Z\",\"age_seconds\":0,\"stale\":false,"
                            + "\"scope\":{\"all\":false,\"campaign_ids\":[\"111\"]}}\n\n: heartbeat\n\n"))
    @APIResponse(responseCode = "400", description = "A malformed, unknown or repeated parameter, as on the "
            + "snapshot (`invalid-request`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "Missing view role or campaign outside the scope (`forbidden`), "
            + "or no campaign in scope (`no-campaign-scope`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Beyond the streams the caller may hold open "
            + "(`gateway.limits.streams-per-subject`, more for some roles; a stream opened with `Last-Event-ID` may "
            + "overlap the one it replaces) or the distinct views they may keep alive (`too-many-requests`).",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", ref = "InternalError")
    public void stream(
            @Parameter(description = "Only this campaign; it must be in the caller's scope (403 otherwise).",
                    schema = @Schema(type = SchemaType.STRING, pattern = AgentMonitorResource.ID_SCHEMA_PATTERN,
                            minLength = 1, maxLength = 32))
            @RestQuery("campaign_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = AgentMonitorResource.ID_MESSAGE) String campaignId,
            @Parameter(description = "Only agents working this queue.",
                    schema = @Schema(type = SchemaType.STRING, pattern = AgentMonitorResource.ID_SCHEMA_PATTERN,
                            minLength = 1, maxLength = 32))
            @RestQuery("queue_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = AgentMonitorResource.ID_MESSAGE) String queueId,
            @Parameter(description = "Only this agent.",
                    schema = @Schema(type = SchemaType.STRING, pattern = AgentMonitorResource.ID_SCHEMA_PATTERN,
                            minLength = 1, maxLength = 32))
            @RestQuery("user_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = AgentMonitorResource.ID_MESSAGE) String userId,
            @Parameter(description = AgentMonitorResource.SKILL_DESCRIPTION, schema = @Schema(ref = "SkillFilter"))
            @RestQuery("skill") List<String> skills,
            @Parameter(name = "Last-Event-ID", in = ParameterIn.HEADER, description = "Id of the last event received; resuming with it "
                    + "skips a snapshot that has not changed since.", schema = @Schema(type = SchemaType.STRING,
                            maxLength = 128))
            @RestHeader("Last-Event-ID") @Size(max = 128, message = "must be at most 128 characters") String lastEventId,
            @Context SseEventSink sink, @Context RoutingContext routing) {
        MultiMap query = routing.queryParams();
        SnapshotRequest.PARAMETERS.check(query.names(), name -> query.getAll(name).size());
        Caller caller = callers.viewer();
        SnapshotRequest request = SnapshotRequest.of(campaignId, queueId, userId, skills);
        // Checked now, so that an out-of-scope request fails with a 403 instead of an empty stream.
        snapshots.authorize(caller, request);
        // Taking the sink keeps the response open as an event stream; the events themselves are
        // written to the connection directly, as bytes encoded once per update for all subscribers.
        // The caller's stream limit was applied before (StreamAdmission): that takes a Redis round trip.
        SseConnection connection = new SseConnection(routing, lastEventId);
        metrics.subscribed();
        connection.onClose(metrics::unsubscribed);
        streams.open(caller, connection);
        feeds.subscribe(caller, request, connection);
    }
}
