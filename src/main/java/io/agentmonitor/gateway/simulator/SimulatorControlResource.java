package io.agentmonitor.gateway.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.agentmonitor.gateway.config.GatewayConfig;

/**
 * HTTP hands on the simulator for benchmarks and browser tests, the same switches as
 * {@link ConvosoSimulator}. Enum values are case-insensitive ({@code slow}, {@code server-error}).
 * Unknown agents answer 404, unknown switch values 400.
 */
@Path("/simulator/control")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorControlResource {

    private final ConvosoSimulator simulator;

    SimulatorControlResource(ConvosoSimulator simulator) {
        this.simulator = simulator;
    }

    @GET
    public SimulatorSettings settings() {
        return new SimulatorSettings(simulator.fault(), simulator.logoutFault(), simulator.envelope(),
                simulator.rateLimit(), simulator.latency().toMillis(), simulator.latencyJitter().toMillis(),
                simulator.stats());
    }

    @GET
    @Path("/stats")
    public SimulatorStats stats() {
        return simulator.stats();
    }

    /** The latest search calls, oldest first: which views the upstream was asked for, and when. */
    @GET
    @Path("/searches")
    public List<SimulatorSearch> searches() {
        return simulator.searches();
    }

    @DELETE
    @Path("/stats")
    public void resetCounters() {
        simulator.resetCounters();
    }

    @POST
    @Path("/reset")
    public SimulatorSettings reset() {
        simulator.reset();
        return settings();
    }

    @PUT
    @Path("/fault/{fault}")
    public SimulatorSettings fault(@RestPath String fault) {
        simulator.fault(parse(SimulatorFault.class, fault));
        return settings();
    }

    @PUT
    @Path("/logout-fault/{fault}")
    public SimulatorSettings logoutFault(@RestPath String fault) {
        simulator.logoutFault(parse(SimulatorFault.class, fault));
        return settings();
    }

    @PUT
    @Path("/envelope/{envelope}")
    public SimulatorSettings envelope(@RestPath String envelope) {
        simulator.envelope(parse(GatewayConfig.Envelope.class, envelope));
        return settings();
    }

    /** Calls per second across both endpoints; 0 lifts the limit. */
    @PUT
    @Path("/rate-limit/{perSecond}")
    public SimulatorSettings rateLimit(@RestPath int perSecond) {
        simulator.rateLimit(perSecond);
        return settings();
    }

    @PUT
    @Path("/latency/{millis}")
    public SimulatorSettings latency(@RestPath long millis, @RestQuery Long jitter) {
        simulator.latency(Duration.ofMillis(millis), Duration.ofMillis(jitter == null ? 0 : jitter));
        return settings();
    }

    @GET
    @Path("/agents/{userId}")
    public SimulatedAgent agent(@RestPath String userId) {
        return simulator.agent(userId).orElseThrow(() -> new NoSuchElementException("no simulated agent " + userId));
    }

    @POST
    @Path("/agents")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<SimulatedAgent> addAgent(NewAgent agent) {
        if (agent == null || agent.userId() == null || agent.campaignId() == null) {
            throw new IllegalArgumentException("user_id and campaign_id are required");
        }
        return RestResponse.status(RestResponse.Status.CREATED,
                simulator.addAgent(agent.userId(), agent.userFullName(), agent.campaignId()));
    }

    /** {@code ?seconds=N}: the agent has been in the status for N seconds already. */
    @PUT
    @Path("/agents/{userId}/status/{status}")
    public SimulatedAgent status(@RestPath String userId, @RestPath String status, @RestQuery Long seconds) {
        if (seconds != null && (seconds < 0 || seconds > Duration.ofDays(1).toSeconds())) {
            throw new IllegalArgumentException("seconds must be between 0 and 86400");
        }
        return simulator.setStatus(userId, status, Duration.ofSeconds(seconds == null ? 0 : seconds));
    }

    @PUT
    @Path("/agents/{userId}/campaign/{campaignId}")
    public SimulatedAgent campaign(@RestPath String userId, @RestPath String campaignId) {
        return simulator.moveAgent(userId, campaignId);
    }

    /** The new full name is the plain-text body, so hostile names need no URL escaping. */
    @PUT
    @Path("/agents/{userId}/name")
    @Consumes(MediaType.TEXT_PLAIN)
    public SimulatedAgent rename(@RestPath String userId, String fullName) {
        return simulator.rename(userId, fullName);
    }

    @ServerExceptionMapper
    RestResponse<String> unknownAgent(NoSuchElementException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_FOUND, e.getMessage())
                .type(MediaType.TEXT_PLAIN_TYPE).build();
    }

    @ServerExceptionMapper
    RestResponse<String> badValue(IllegalArgumentException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.BAD_REQUEST, e.getMessage())
                .type(MediaType.TEXT_PLAIN_TYPE).build();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
