package io.agentmonitor.gateway.attention;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.agentmonitor.gateway.problem.Problem;
import io.agentmonitor.gateway.problem.QueryParameters;
import io.quarkus.security.Authenticated;

/** The time-in-status thresholds, so that a client moves agents' levels on between answers as the gateway would. */
@Path("/api/v1/thresholds")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agent-monitor")
public class ThresholdsResource {

    private final Thresholds thresholds;

    ThresholdsResource(StatusThresholds configured) {
        this.thresholds = new Thresholds(configured.byStatus().entrySet().stream()
                .map(e -> new StatusThreshold(e.getKey(),
                        e.getValue().warn() == null ? null : e.getValue().warn().toSeconds(),
                        e.getValue().alert() == null ? null : e.getValue().alert().toSeconds()))
                .toList());
    }

    @Schema(name = "Thresholds", description = "Time-in-status thresholds by status code.",
            requiredProperties = { "thresholds" })
    public record Thresholds(
            @Schema(description = "One entry per status code that has thresholds, by code; statuses not listed "
                    + "are always `ok`.") List<StatusThreshold> thresholds) {
    }

    @Schema(name = "StatusThreshold", description = "The thresholds of one status code.",
            requiredProperties = { "status" })
    public record StatusThreshold(
            @Schema(description = "The status code, as agents carry it in `status`.") String status,
            @Schema(description = "Seconds in the status from which an agent is `warn`.", minimum = "1")
            Long warnSeconds,
            @Schema(description = "Seconds in the status from which an agent is `alert`.", minimum = "1")
            Long alertSeconds) {
    }

    @GET
    @Operation(operationId = "getThresholds", summary = "Time-in-status thresholds",
            description = "The thresholds that give each agent of a snapshot its `level`. An agent's level in an "
                    + "answer is as of its `generated_at`; a client that shows time in status counting from "
                    + "`status_since` moves the level on with these thresholds, as the next answer would. Any "
                    + "signed-in user may call it.",
            extensions = @Extension(name = "x-required-roles", value = "[]", parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "The thresholds.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Thresholds.class),
                    examples = @ExampleObject(name = "defaults", summary = "The default thresholds",
                            externalValue = "examples/thresholds.json")))
    @APIResponse(responseCode = "400", description = "A query parameter was given: this operation takes none "
            + "(`invalid-request`).", content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "500", ref = "InternalError")
    public Thresholds thresholds(@Context UriInfo uri) {
        QueryParameters.NONE.check(uri);
        return thresholds;
    }
}
