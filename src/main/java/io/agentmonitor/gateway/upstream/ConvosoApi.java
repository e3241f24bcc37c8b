package io.agentmonitor.gateway.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/**
 * The Convoso Agent Monitor API as the wire sees it. Bodies are read as text because errors come
 * with any status, sometimes as HTML or truncated JSON; {@link ConvosoClient} classifies them.
 */
@RegisterRestClient(configKey = "convoso")
@Path("/agent-monitor")
@Produces(MediaType.APPLICATION_JSON)
interface ConvosoApi {

    @POST
    @Path("/search")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<RestResponse<String>> searchForm(
            @QueryParam("auth_token") String authToken,
            @FormParam("campaign_id") String campaignId,
            @FormParam("queue_id") String queueId,
            @FormParam("user_id") String userId,
            @FormParam("filter_by_skill_options") String skillOptions);

    @GET
    @Path("/search")
    Uni<RestResponse<String>> searchQuery(
            @QueryParam("auth_token") String authToken,
            @QueryParam("campaign_id") String campaignId,
            @QueryParam("queue_id") String queueId,
            @QueryParam("user_id") String userId,
            @QueryParam("filter_by_skill_options") String skillOptions);

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<RestResponse<String>> logout(
            @QueryParam("auth_token") String authToken,
            @FormParam("user_id") String userId);
}
