package io.agentmonitor.gateway.simulator;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/**
 * The simulated Convoso Agent Monitor API, under {@code /simulator/v1}: {@code POST} search with a
 * form body, {@code GET} search with query parameters, and {@code POST} logout with a form body,
 * {@code auth_token} always in the query string.
 *
 * <p>
 * Each call is counted, then meets the rate limit (429), then the endpoint's fault switch, then the
 * token check (401 without a token, HTTP 200 {@code "Invalid authentication token"} with a wrong
 * one), then the call center's own errors (6006, 6012, 6026, 6041). Every answer is delayed by the
 * configured latency on a timer, never by a blocked thread.
 */
@Path("/simulator/v1/agent-monitor")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {

    private final ConvosoSimulator simulator;
    private final SimulatorResponses responses;

    SimulatorResource(ConvosoSimulator simulator, SimulatorResponses responses) {
        this.simulator = simulator;
        this.responses = responses;
    }

    @POST
    @Path("/search")
    public Uni<RestResponse<String>> searchForm(@RestQuery("auth_token") String authToken,
            @RestForm("campaign_id") String campaignId, @RestForm("queue_id") String queueId,
            @RestForm("user_id") String userId, @RestForm("filter_by_skill_options") String skillOptions) {
        return search(authToken, SearchFilter.of(campaignId, queueId, userId, skillOptions));
    }

    @GET
    @Path("/search")
    public Uni<RestResponse<String>> searchQuery(@RestQuery("auth_token") String authToken,
            @RestQuery("campaign_id") String campaignId, @RestQuery("queue_id") String queueId,
            @RestQuery("user_id") String userId, @RestQuery("filter_by_skill_options") String skillOptions) {
        return search(authToken, SearchFilter.of(campaignId, queueId, userId, skillOptions));
    }

    @POST
    @Path("/logout")
    public Uni<RestResponse<String>> logout(@RestQuery("auth_token") String authToken,
            @RestForm("user_id") String userId) {
        simulator.countLogout();
        return serve(simulator.logoutFault(), authToken, () -> {
            simulator.callCenter().logout(userId);
            return responses.loggedOut();
        });
    }

    private Uni<RestResponse<String>> search(String authToken, SearchFilter filter) {
        simulator.countSearch(filter);
        return serve(simulator.fault(), authToken,
                () -> responses.search(simulator.callCenter().search(filter), simulator.envelope()));
    }

    private Uni<RestResponse<String>> serve(SimulatorFault fault, String authToken,
            Supplier<RestResponse<String>> answer) {
        if (!simulator.admit()) {
            return delayed(responses.tooManyRequests(), simulator.nextLatency());
        }
        if (fault != SimulatorFault.NONE) {
            simulator.countFault();
        }
        RestResponse<String> response = switch (fault) {
            case RATE_LIMITED -> responses.tooManyRequests();
            case SERVER_ERROR -> responses.serverError();
            case FAILURE -> responses.internalFailure();
            case MALFORMED -> responses.truncated(answer(authToken, answer));
            case NONE, SLOW -> answer(authToken, answer);
        };
        return delayed(response, fault == SimulatorFault.SLOW ? simulator.slowDelay() : simulator.nextLatency());
    }

    private RestResponse<String> answer(String authToken, Supplier<RestResponse<String>> answer) {
        if (authToken == null || authToken.isBlank()) {
            return responses.invalidToken(true);
        }
        if (!simulator.acceptsToken(authToken)) {
            return responses.invalidToken(false);
        }
        try {
            return answer.get();
        } catch (SimulatorRejection rejection) {
            return responses.rejected(rejection.error);
        }
    }

    private static Uni<RestResponse<String>> delayed(RestResponse<String> response, Duration delay) {
        Uni<RestResponse<String>> uni = Uni.createFrom().item(response);
        return delay.isZero() ? uni : uni.onItem().delayIt().by(delay);
    }
}
