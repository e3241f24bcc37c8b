package io.agentmonitor.gateway.problem;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.agentmonitor.gateway.audit.AuditStoreException;
import io.agentmonitor.gateway.security.TokenRefusal;
import io.agentmonitor.gateway.upstream.UpstreamAuthException;
import io.agentmonitor.gateway.upstream.UpstreamErrorException;
import io.agentmonitor.gateway.upstream.UpstreamMalformedException;
import io.agentmonitor.gateway.upstream.UpstreamTimeoutException;
import io.agentmonitor.gateway.upstream.UpstreamUnavailableException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every error the gateway answers, as one problem body. Upstream failures become 502/503/504 and
 * never expose the upstream's URL, token or stack traces; unexpected failures become a bare 500
 * with an id that the log line carries too.
 */
public class ProblemMappers {

    static final String TYPE_PREFIX = "/problems/";

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.upstreamCode(), e.errors(), e.retryAfter());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.InvalidParam> errors = e.getConstraintViolations().stream()
                .map(ProblemMappers::invalidParam).sorted(java.util.Comparator.comparing(Problem.InvalidParam::name))
                .toList();
        return respond(400, "invalid-request", "Invalid request", "One or more parameters are invalid.", uri, null,
                errors, null);
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public RestResponse<Problem> unauthorized(RuntimeException e, UriInfo uri, HttpHeaders headers,
            HttpServerRequest request) {
        TokenRefusal refusal = TokenRefusal.of(e, headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        // The HTTP security layer has put its bare challenge on the response already: one challenge, ours.
        request.response().headers().remove(HttpHeaders.WWW_AUTHENTICATE);
        RestResponse<Problem> response = respond(401, "unauthorized", "Unauthorized", refusal.description() + ".",
                uri, null, null, null);
        response.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE, refusal.challenge());
        return response;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "forbidden", "Forbidden", "Your roles do not allow this operation.", uri, null, null,
                null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> upstreamError(UpstreamErrorException e, UriInfo uri) {
        return respond(502, "upstream-error", "Upstream error",
                "The agent monitor service answered an error: " + e.text(), uri, e.code(), null, null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> upstreamAuth(UpstreamAuthException e, UriInfo uri) {
        Log.errorf("The upstream refused the gateway's credentials; check gateway.upstream.auth-token");
        return respond(502, "upstream-credentials", "Upstream refused the gateway",
                "The agent monitor service refused the gateway's credentials.", uri, null, null, null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> upstreamUnavailable(UpstreamUnavailableException e, UriInfo uri) {
        Duration retryAfter = e.retryAfter().orElse(Duration.ofSeconds(5));
        return respond(503, "upstream-unavailable", "Upstream unavailable",
                "The agent monitor service is unavailable: " + e.getMessage() + ".", uri, null, null, retryAfter);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> upstreamTimeout(UpstreamTimeoutException e, UriInfo uri) {
        return respond(504, "upstream-timeout", "Upstream timeout",
                "The agent monitor service did not answer in time.", uri, null, null, Duration.ofSeconds(5));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> upstreamMalformed(UpstreamMalformedException e, UriInfo uri) {
        return respond(502, "upstream-malformed", "Upstream answer unreadable",
                "The agent monitor service answered something unreadable: " + e.getMessage() + ".", uri, null, null,
                null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> auditUnavailable(AuditStoreException e, UriInfo uri) {
        Log.errorf("Audit store unavailable on %s: %s", uri.getPath(), e.getMessage());
        return respond(503, "audit-unavailable", "Audit trail unavailable",
                "The audit trail cannot be read or written right now, so nothing was done.", uri, null, null,
                Duration.ofSeconds(5));
    }

    /**
     * A JSON body that is not JSON, or not of the documented shape: a 400 naming the body, like every
     * other 400 (Quarkus's own mapper answers an empty 400). The same exception from anything but
     * reading a request's JSON body is the gateway's failure, not the caller's.
     */
    @ServerExceptionMapper({ com.fasterxml.jackson.core.JsonProcessingException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class })
    public RestResponse<Problem> unreadableBody(com.fasterxml.jackson.core.JsonProcessingException e, UriInfo uri,
            HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return unexpected(e, uri);
        }
        return respond(400, "invalid-request", "Invalid request", "The request body is not what this operation reads.",
                uri, null, List.of(new Problem.InvalidParam("body", e instanceof com.fasterxml.jackson.core.JsonParseException
                        ? "is not valid JSON" : "does not have the documented shape")), null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (status == 400 && e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            return unreadableBody(unreadable, uri, headers);
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(status, slug(title), title, title + ".", uri, null, null, null);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public RestResponse<Problem> unexpected(Throwable e, UriInfo uri) {
        if (e instanceof java.util.concurrent.CancellationException) {
            // The client went away (a closed stream, an abandoned request): nobody reads this answer.
            Log.debugf("Request to %s cancelled by the client", uri.getPath());
            return respond(499, "client-closed-request", "Client closed request", "The request was cancelled.",
                    uri, null, null, null);
        }
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected failure %s on %s", id, uri.getPath());
        return respond(500, "internal-error", "Internal error",
                "The gateway failed unexpectedly; quote error id " + id + ".", uri, null, null, null);
    }

    static Problem body(int status, String slug, String title, String detail, String path, Integer upstreamCode,
            List<Problem.InvalidParam> errors) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, path, upstreamCode,
                errors == null || errors.isEmpty() ? null : errors);
    }

    static RestResponse<Problem> respond(int status, String slug, String title, String detail, UriInfo uri,
            Integer upstreamCode, List<Problem.InvalidParam> errors, Duration retryAfter) {
        Problem body = body(status, slug, title, detail, uri == null ? null : uri.getPath(), upstreamCode, errors);
        RestResponse.ResponseBuilder<Problem> builder = RestResponse.ResponseBuilder.<Problem>create(status)
                .entity(body).type("application/problem+json");
        if (retryAfter != null) {
            builder.header("Retry-After", Math.max(1, retryAfter.toSeconds()));
        }
        return builder.build();
    }

    private static Problem.InvalidParam invalidParam(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // "method.param" paths: keep the parameter, in the API's snake_case ("campaign_id").
        String name = path.contains(".") ? path.substring(path.indexOf('.') + 1) : path;
        return new Problem.InvalidParam(name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT),
                violation.getMessage());
    }

    private static String slug(String title) {
        return title == null ? "error" : title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
