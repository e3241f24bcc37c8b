package io.agentmonitor.gateway.webui;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The wallboard page's runtime configuration. Public: the page reads it before anyone has signed
 * in, and it holds nothing secret (a public client's id and the realm's address). Not part of the
 * API contract.
 */
@Path("/config.json")
@PermitAll
public class WallboardConfigResource {

    private final WallboardSettings settings;

    WallboardConfigResource(WallboardPolicy policy) {
        this.settings = policy.settings();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public RestResponse<WallboardSettings> settings() {
        return RestResponse.ResponseBuilder.ok(settings).header("Cache-Control", "no-store").build();
    }
}
