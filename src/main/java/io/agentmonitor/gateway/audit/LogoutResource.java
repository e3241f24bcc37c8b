package io.agentmonitor.gateway.audit;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

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
public class LogoutResource {

    static final String USER_ID_PATTERN = "[A-Za-z0-9_-]{1,32}";
    private static final String REQUEST_ID_PATTERN = "[A-Za-z0-9._:-]{1,128}";

    private final LogoutService service;
    private final CallerContext callers;

    LogoutResource(LogoutService service, CallerContext callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public LogoutResponse logout(
            @RestPath("user_id") @Pattern(regexp = USER_ID_PATTERN,
                    message = "must be 1 to 32 letters, digits, '_' or '-'") String userId,
            @RestHeader("Idempotency-Key") @Pattern(regexp = "[\\x21-\\x7E]{1,128}",
                    message = "must be 1 to 128 visible ASCII characters") String idempotencyKey,
            @RestHeader("X-Request-Id") String requestId,
            @RestHeader("User-Agent") String userAgent,
            HttpServerRequest request,
            @Valid @NotNull(message = "a JSON body with a reason is required") LogoutRequest body) {
        RequestOrigin origin = new RequestOrigin(address(request.remoteAddress()), userAgent, requestId(requestId));
        return service.logout(callers.current(), origin, userId, body.reason().strip(), idempotencyKey);
    }

    private static String address(SocketAddress address) {
        return address == null ? null : address.hostAddress();
    }

    /** The caller's request id when it is a sane token, a fresh one otherwise. */
    private static String requestId(String sent) {
        return sent != null && sent.matches(REQUEST_ID_PATTERN) ? sent : UUID.randomUUID().toString();
    }
}
