package io.agentmonitor.gateway.audit;

import java.time.Duration;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import io.agentmonitor.gateway.limits.CallerLimits;
import io.agentmonitor.gateway.problem.Problem;
import io.agentmonitor.gateway.problem.QueryParameters;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.CallerContext;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Manager logout of one agent, audited. Blocking (JDBC, one upstream call at a time), so it runs on
 * a worker thread. Answers the audit record id on success and a problem otherwise.
 */
@Path("/api/v1/agents/{user_id}/logout")
@Authenticated
@Tag(name = "logout")
public class LogoutResource {

    static final String USER_ID_PATTERN = "[A-Za-z0-9_-]{1,32}";
    private static final String REQUEST_ID_PATTERN = "[A-Za-z0-9._:-]{1,128}";

    /** Longest wait for the deployment-wide count of the caller's logout attempts (a Redis round trip). */
    private static final Duration LIMIT_WAIT = Duration.ofSeconds(2);

    private final LogoutService service;
    private final CallerContext callers;
    private final CallerLimits limits;

    LogoutResource(LogoutService service, CallerContext callers, CallerLimits limits) {
        this.service = service;
        this.callers = callers;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "logoutAgent", summary = "Log out an agent, audited",
            description = """
                    Logs the agent out through the upstream, after writing the attempt to the audit trail (if \
                    the trail cannot be written, nothing is done and the answer is 503 `audit-unavailable`). \
                    The caller needs the logout role and the agent's current campaign in their scope. Every \
                    attempt, refused ones included, is audited. With an `Idempotency-Key`, a repeated request \
                    answers what the first one did instead of logging out again. Only a request that reached \
                    a decision (refused for its role or scope, or answered by the upstream) binds its key; after \
                    a refusal for a reason outside the request (`upstream-unavailable` from the agent lookup, \
                    `audit-unavailable`, `too-many-requests`) the retry with the same key is tried afresh.""",
            extensions = @Extension(name = "x-required-roles", value = "[\"agent-manager\"]", parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LogoutRequest.class),
            examples = @ExampleObject(name = "end-of-shift", value = "{\"reason\":\"End of shift\"}")))
    @APIResponse(responseCode = "200", description = "The agent is logged out; the answer names the audit record.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LogoutResponse.class),
                    examples = @ExampleObject(name = "succeeded", summary = "Captured from the simulator",
                            externalValue = "examples/logout.json")))
    @APIResponse(responseCode = "400", description = "A malformed `user_id`, `Idempotency-Key` or body, or a query "
            + "parameter (it takes none) (`invalid-request`); `errors` names each. Nothing is recorded.",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "missing-reason", value = """
                            {"type":"/problems/invalid-request","title":"Invalid request","status":400,\
                            "detail":"One or more parameters are invalid.","instance":"/api/v1/agents/A1001/logout",\
                            "errors":[{"name":"body.reason","reason":"must say why the agent is logged out"}]}""")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "The caller lacks the logout role, or the agent's campaign is outside their scope (`forbidden`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The upstream knows no such agent (`agent-not-found`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The agent is not logged in (`agent-not-logged-in`, with the "
            + "upstream's code), or the first request with this `Idempotency-Key` has no outcome yet "
            + "(`logout-in-progress`, with `Retry-After`), or was interrupted by a gateway stop "
            + "(`logout-interrupted`: the detail says whether the agent is logged out now; send a new request).",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "This `Idempotency-Key` was already used for the logout of another agent (`idempotency-key-reused`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The caller made `gateway.limits.logouts-per-minute` logout "
            + "attempts in the last minute (`too-many-requests`); nothing was done or recorded, and the "
            + "`Idempotency-Key` stays unused.", headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "502", ref = "BadGateway")
    @APIResponse(responseCode = "503", description = "The upstream is unavailable (`upstream-unavailable`) or the "
            + "audit trail cannot be written (`audit-unavailable`); nothing was done.",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", description = "No upstream answer in time (`upstream-timeout`); the agent may or "
            + "may not be logged out, and the audit trail says `failed`.",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public LogoutResponse logout(
            @Parameter(description = "The agent to log out.", schema = @Schema(type = SchemaType.STRING,
                    pattern = "^[A-Za-z0-9_-]{1,32}$", minLength = 1, maxLength = 32))
            @RestPath("user_id") @Pattern(regexp = USER_ID_PATTERN,
                    message = "must be 1 to 32 letters, digits, '_' or '-'") String userId,
            @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes retries safe: a repeated request with the "
                    + "same key (per caller) answers what the first one did.", schema = @Schema(type = SchemaType.STRING,
                            pattern = "^[\\x21-\\x7E]{1,128}$", minLength = 1, maxLength = 128))
            @RestHeader("Idempotency-Key") @Pattern(regexp = "[\\x21-\\x7E]{1,128}",
                    message = "must be 1 to 128 visible ASCII characters") String idempotencyKey,
            @Parameter(name = "X-Request-Id", in = ParameterIn.HEADER, description = "Correlation id recorded in the audit trail; one is "
                    + "made up when absent or not 1 to 128 of letters, digits, '.', '_', ':' or '-'.",
                    schema = @Schema(type = SchemaType.STRING, pattern = "^[A-Za-z0-9._:-]{1,128}$", maxLength = 128))
            @RestHeader("X-Request-Id") String requestId,
            @Parameter(hidden = true) @RestHeader("User-Agent") String userAgent,
            HttpServerRequest request, @Context UriInfo uri,
            @Valid @NotNull(message = "a JSON body with a reason is required") LogoutRequest body) {
        QueryParameters.NONE.check(uri);
        RequestOrigin origin = new RequestOrigin(address(request.remoteAddress()), userAgent, requestId(requestId));
        Caller caller = callers.current();
        // Before anything is recorded: a refusal by the limit writes no audit entry and binds no key.
        limits.admitLogout(caller).await().atMost(LIMIT_WAIT);
        return service.logout(caller, origin, userId, body.reason().strip(), idempotencyKey);
    }

    private static String address(SocketAddress address) {
        return address == null ? null : address.hostAddress();
    }

    /** The caller's request id when it is a sane token, a fresh one otherwise. */
    private static String requestId(String sent) {
        return sent != null && sent.matches(REQUEST_ID_PATTERN) ? sent : UUID.randomUUID().toString();
    }
}
