package io.agentmonitor.gateway.monitor;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.agentmonitor.gateway.problem.QueryParameters;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.CallerContext;
import io.agentmonitor.gateway.security.Capability;
import io.quarkus.security.Authenticated;

/** Who the caller is, as the gateway understood their token. */
@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "identity")
public class MeResource {

    private final CallerContext callers;

    MeResource(CallerContext callers) {
        this.callers = callers;
    }

    /** The caller's identity, roles, groups, campaign scope and capabilities. */
    @Schema(name = "Me", description = "The caller as the gateway understood their token.",
            requiredProperties = { "subject", "roles", "groups", "scope", "capabilities" })
    public record Me(
            @Schema(description = "The token's subject (`sub`).") String subject,
            @Schema(description = "The token's `preferred_username`, when it has one.") String username,
            @Schema(description = "Roles read from the verified token (realm roles and the gateway client's roles), "
                    + "sorted.") List<String> roles,
            @Schema(description = "Groups of the token's `groups` claim, sorted.") List<String> groups,
            ScopeView scope,
            @Schema(type = SchemaType.ARRAY, implementation = Capability.class,
                    description = "What the caller may do: `view` snapshots, `logout` agents, `audit` the trail.")
            Set<Capability> capabilities) {
    }

    @GET
    @Operation(operationId = "getMe", summary = "Who the caller is",
            description = "The caller's subject, username, roles, groups, resolved campaign scope and capabilities. "
                    + "Any signed-in user may call it; apps use it to decide which screens and actions to offer.",
            extensions = @Extension(name = "x-required-roles", value = "[]", parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "The caller.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Me.class),
                    examples = @ExampleObject(name = "manager", summary = "A manager of campaigns 111 and 112",
                            externalValue = "examples/me.json")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "500", ref = "InternalError")
    public Me me(@Context UriInfo uri) {
        QueryParameters.NONE.check(uri);
        Caller caller = callers.current();
        return new Me(caller.subject(), caller.username(), List.copyOf(caller.roles()), List.copyOf(caller.groups()),
                ScopeView.of(caller.scope()), caller.capabilities());
    }
}
