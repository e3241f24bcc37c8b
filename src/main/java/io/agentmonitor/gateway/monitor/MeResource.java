package io.agentmonitor.gateway.monitor;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.CallerContext;
import io.agentmonitor.gateway.security.Capability;
import io.quarkus.security.Authenticated;

/** Who the caller is, as the gateway understood their token. */
@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final CallerContext callers;

    MeResource(CallerContext callers) {
        this.callers = callers;
    }

    /** The caller's identity, roles, groups, campaign scope and capabilities. */
    public record Me(String subject, String username, List<String> roles, List<String> groups, ScopeView scope,
            Set<Capability> capabilities) {
    }

    @GET
    public Me me() {
        Caller caller = callers.current();
        return new Me(caller.subject(), caller.username(), List.copyOf(caller.roles()), List.copyOf(caller.groups()),
                ScopeView.of(caller.scope()), caller.capabilities());
    }
}
