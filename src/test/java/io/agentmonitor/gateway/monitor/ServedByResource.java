package io.agentmonitor.gateway.monitor;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Marks every answer of the REST resources, so that a test can tell them from {@link CachedSnapshotRoute}'s. */
@Provider
public class ServedByResource implements ContainerResponseFilter {

    static final String HEADER = "X-Test-Served-By";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, "resource");
    }
}
