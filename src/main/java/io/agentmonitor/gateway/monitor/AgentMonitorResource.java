package io.agentmonitor.gateway.monitor;

import java.util.Arrays;
import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.agentmonitor.gateway.security.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The scoped agent-monitor snapshot, with HTTP caching: a strong {@code ETag} ({@code If-None-Match}
 * answers 304), {@code Cache-Control: private, max-age=<seconds left fresh>}, {@code Age}, and
 * {@code X-Snapshot-Stale: true} while the upstream fails and the last good answer is served.
 */
@Path("/api/v1/agent-monitor")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AgentMonitorResource {

    static final String ID_MESSAGE = "must be 1 to 32 letters, digits, '_' or '-'";
    static final String STALE_HEADER = "X-Snapshot-Stale";

    private final SnapshotService snapshots;
    private final CallerContext callers;

    AgentMonitorResource(SnapshotService snapshots, CallerContext callers) {
        this.snapshots = snapshots;
        this.callers = callers;
    }

    @GET
    public Uni<RestResponse<ScopedSnapshot>> snapshot(
            @RestQuery("campaign_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = ID_MESSAGE) String campaignId,
            @RestQuery("queue_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = ID_MESSAGE) String queueId,
            @RestQuery("user_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = ID_MESSAGE) String userId,
            @RestQuery("skill") List<String> skills,
            @RestHeader("If-None-Match") String ifNoneMatch) {
        SnapshotRequest request = SnapshotRequest.of(campaignId, queueId, userId, skills);
        return snapshots.snapshot(callers.viewer(), request).map(view -> respond(view, ifNoneMatch));
    }

    private static RestResponse<ScopedSnapshot> respond(SnapshotView view, String ifNoneMatch) {
        RestResponse.ResponseBuilder<ScopedSnapshot> builder = matches(ifNoneMatch, view.etag())
                ? RestResponse.ResponseBuilder.<ScopedSnapshot>create(RestResponse.Status.NOT_MODIFIED)
                : RestResponse.ResponseBuilder.ok(view.body());
        builder.header("ETag", view.etag())
                .header("Cache-Control", "private, max-age=" + view.freshFor().toSeconds())
                .header("Age", view.body().ageSeconds());
        if (view.body().stale()) {
            builder.header(STALE_HEADER, "true");
        }
        return builder.build();
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
