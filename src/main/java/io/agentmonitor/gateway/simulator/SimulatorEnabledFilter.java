package io.agentmonitor.gateway.simulator;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.agentmonitor.gateway.config.GatewayConfig;

/**
 * Hides every {@code /simulator/**} path, data and control alike, behind a plain 404 unless
 * {@code gateway.simulator.enabled} is on. A runtime check rather than a build-time switch, so the
 * same jar can run with or without its simulator; pre-matching, so nothing of the simulator runs.
 */
class SimulatorEnabledFilter {

    private final boolean enabled;

    SimulatorEnabledFilter(GatewayConfig config) {
        this.enabled = config.simulator().enabled();
    }

    @ServerRequestFilter(preMatching = true)
    Optional<RestResponse<Void>> hideWhenDisabled(ContainerRequestContext request) {
        if (enabled) {
            return Optional.empty();
        }
        String path = request.getUriInfo().getPath();
        boolean simulatorPath = path.equals("/simulator") || path.startsWith("/simulator/");
        return simulatorPath ? Optional.of(RestResponse.notFound()) : Optional.empty();
    }
}
