package io.agentmonitor.gateway.monitor;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.agentmonitor.gateway.problem.Problem;
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
@Tag(name = "monitor")
public class AgentMonitorResource {

    static final String ID_MESSAGE = "must be 1 to 32 letters, digits, '_' or '-'";
    static final String STALE_HEADER = "X-Snapshot-Stale";
    /** {@link SnapshotRequest#ID_PATTERN}, anchored as JSON Schema patterns need. */
    static final String ID_SCHEMA_PATTERN = "^[A-Za-z0-9_-]{1,32}$";
    static final String SKILL_DESCRIPTION = "Only agents with all these skills: repeat the parameter or send a "
            + "comma list. Each skill is 1 to 40 letters, digits, '.', '_' or '-'; at most 20 in all.";

    private final SnapshotService snapshots;
    private final CallerContext callers;

    AgentMonitorResource(SnapshotService snapshots, CallerContext callers) {
        this.snapshots = snapshots;
        this.callers = callers;
    }

    @GET
    @Operation(operationId = "getAgentMonitorSnapshot", summary = "Scoped agent-monitor snapshot",
            description = """
                    The agents and figures of the caller's campaigns, optionally narrowed by campaign, queue, \
                    agent or skills. Without `campaign_id` the answer is the union of the caller's campaigns. \
                    Agents of other campaigns never appear; when any were dropped, or the search could not be \
                    limited to the caller's campaigns, the agent counters are recomputed and the queue and call \
                    figures are left out. Served from a shared cache: `ETag`/`If-None-Match` answer 304, and \
                    while the upstream fails the last good snapshot is served with `stale: true` and \
                    `X-Snapshot-Stale: true`.""",
            extensions = @Extension(name = "x-required-roles", value = "[\"monitor-viewer\", \"monitor-admin\"]",
                    parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "The snapshot of the caller's view.",
            headers = {
                    @Header(name = "ETag", description = "Strong entity tag of this view's content.",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Cache-Control", description = "`private, max-age=<seconds the data stays fresh>`.",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Age", description = "Seconds since the data was fetched from the upstream.",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "0")),
                    @Header(name = STALE_HEADER, description = "`true` while the upstream fails and the last good "
                            + "snapshot is served; absent otherwise.",
                            schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
            },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ScopedSnapshot.class),
                    examples = @ExampleObject(name = "campaign-111", summary = "A supervisor's view of campaign 111 "
                            + "(captured from the simulator)", externalValue = "examples/agent-monitor-snapshot.json")))
    @APIResponse(responseCode = "304", description = "`If-None-Match` names the current entity tag: nothing changed.",
            headers = {
                    @Header(name = "ETag", description = "The current entity tag.",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Cache-Control", description = "`private, max-age=<seconds the data stays fresh>`.",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Age", description = "Seconds since the data was fetched from the upstream.",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "0")),
                    @Header(name = STALE_HEADER, description = "`true` while the upstream fails and the last good "
                            + "answer is served; absent otherwise.",
                            schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
            })
    @APIResponse(responseCode = "400", description = "A malformed parameter, one this operation does not take (with "
            + "the close name, as in `did you mean campaign_id?`) or a single-valued one given twice "
            + "(`invalid-request`); `errors` names each invalid parameter. `_` is accepted and ignored.",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid-campaign-id", value = """
                            {"type":"/problems/invalid-request","title":"Invalid request","status":400,\
                            "detail":"One or more parameters are invalid.","instance":"/api/v1/agent-monitor",\
                            "errors":[{"name":"campaign_id","reason":"must be 1 to 32 letters, digits, '_' or '-'"}]}""")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "The caller lacks the view role (`forbidden`), names a "
            + "campaign outside their scope (`forbidden`), or has no campaign in scope at all (`no-campaign-scope`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "campaign-outside-scope", externalValue = "examples/problem-forbidden.json")))
    @APIResponse(responseCode = "404", description = "The upstream knows no such campaign (`campaign-not-found`, "
            + "upstream code 6026) or, for a caller who sees every campaign, queue (`queue-not-found`, upstream "
            + "code 6041). To any other caller an unknown queue or agent answers no agents, like one of another "
            + "campaign.",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "campaign-not-found", value = """
                            {"type":"/problems/campaign-not-found","title":"Campaign not found","status":404,\
                            "detail":"Campaign 999 does not exist upstream.","instance":"/api/v1/agent-monitor",\
                            "upstream_code":6026}""")))
    @APIResponse(responseCode = "429", description = "A view beyond the `gateway.limits.views-per-subject` distinct "
            + "views the caller may keep alive (`too-many-requests`).",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "502", ref = "BadGateway")
    @APIResponse(responseCode = "503", ref = "UpstreamUnavailable")
    @APIResponse(responseCode = "504", ref = "UpstreamTimeout")
    public Uni<RestResponse<byte[]>> snapshot(
            @Parameter(description = "Only this campaign; it must be in the caller's scope (403 otherwise).",
                    schema = @Schema(type = SchemaType.STRING, pattern = ID_SCHEMA_PATTERN, minLength = 1, maxLength = 32))
            @RestQuery("campaign_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = ID_MESSAGE) String campaignId,
            @Parameter(description = "Only agents working this queue.",
                    schema = @Schema(type = SchemaType.STRING, pattern = ID_SCHEMA_PATTERN, minLength = 1, maxLength = 32))
            @RestQuery("queue_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = ID_MESSAGE) String queueId,
            @Parameter(description = "Only this agent; an agent outside the scope yields no agent, like an unknown one.",
                    schema = @Schema(type = SchemaType.STRING, pattern = ID_SCHEMA_PATTERN, minLength = 1, maxLength = 32))
            @RestQuery("user_id") @Pattern(regexp = SnapshotRequest.ID_PATTERN, message = ID_MESSAGE) String userId,
            @Parameter(description = SKILL_DESCRIPTION, schema = @Schema(ref = "SkillFilter"))
            @RestQuery("skill") List<String> skills,
            @Parameter(name = "If-None-Match", in = ParameterIn.HEADER, description = "Entity tags of snapshots the client holds; a match "
                    + "answers 304.", schema = @Schema(type = SchemaType.STRING))
            @RestHeader("If-None-Match") String ifNoneMatch,
            @Context UriInfo uri) {
        SnapshotRequest.PARAMETERS.check(uri);
        SnapshotRequest request = SnapshotRequest.of(campaignId, queueId, userId, skills);
        return snapshots.read(callers.viewer(), request).map(view -> respond(view, ifNoneMatch));
    }

    /** The view's JSON as serialized once for everyone sharing it (see {@link RenderedViews}). */
    private static RestResponse<byte[]> respond(SnapshotView view, String ifNoneMatch) {
        RestResponse.ResponseBuilder<byte[]> builder = view.matchedBy(ifNoneMatch)
                ? RestResponse.ResponseBuilder.<byte[]>create(RestResponse.Status.NOT_MODIFIED)
                : RestResponse.ResponseBuilder.ok(view.json(), MediaType.APPLICATION_JSON_TYPE);
        builder.header("ETag", view.etag())
                .header("Cache-Control", view.cacheControl())
                .header("Age", view.body().ageSeconds());
        if (view.body().stale()) {
            builder.header(STALE_HEADER, "true");
        }
        return builder.build();
    }
}
