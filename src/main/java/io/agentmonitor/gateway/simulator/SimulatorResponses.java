package io.agentmonitor.gateway.simulator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.config.GatewayConfig;

/**
 * Every HTTP answer of the simulated upstream, written to text here so that the bytes on the wire
 * are exactly what the simulator means, broken bodies included.
 */
@ApplicationScoped
class SimulatorResponses {

    private static final String SERVER_ERROR_PAGE = """
            <!DOCTYPE html>
            <html><head><title>500 Internal Server Error</title></head>
            <body><h1>Internal Server Error</h1><p>The server encountered an internal error and was \
            unable to complete your request.</p><hr><address>nginx</address></body></html>
            """;

    private final ObjectMapper json;

    SimulatorResponses(ObjectMapper json) {
        this.json = json;
    }

    RestResponse<String> search(SearchResult result, GatewayConfig.Envelope envelope) {
        return ok(envelope == GatewayConfig.Envelope.NESTED ? SearchBodies.nested(result) : SearchBodies.flat(result));
    }

    RestResponse<String> loggedOut() {
        return jsonStatus(RestResponse.Status.OK, "{\"success\":true}");
    }

    RestResponse<String> rejected(UpstreamError error) {
        return jsonStatus(RestResponse.Status.OK,
                "{\"success\":false,\"code\":%d,\"text\":\"%s\"}".formatted(error.code, error.text));
    }

    /** HTTP 401 without a token at all; HTTP 200 with the error body for a wrong one, as observed upstream. */
    RestResponse<String> invalidToken(boolean missing) {
        String body = "{\"success\":false,\"error\":\"Invalid authentication token\"}";
        return missing ? jsonStatus(RestResponse.Status.UNAUTHORIZED, body) : jsonStatus(RestResponse.Status.OK, body);
    }

    RestResponse<String> tooManyRequests() {
        return RestResponse.ResponseBuilder
                .create(RestResponse.Status.TOO_MANY_REQUESTS, "{\"success\":false,\"error\":\"Too many requests\"}")
                .type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.RETRY_AFTER, "1").build();
    }

    RestResponse<String> serverError() {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.INTERNAL_SERVER_ERROR, SERVER_ERROR_PAGE)
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    RestResponse<String> internalFailure() {
        return jsonStatus(RestResponse.Status.OK, "{\"success\":false,\"error\":\"Internal failure\"}");
    }

    /** The answer cut in half: never valid JSON, since the closing brace is gone. */
    RestResponse<String> truncated(RestResponse<String> answer) {
        String body = answer.getEntity();
        return jsonStatus(RestResponse.Status.OK, body.substring(0, Math.max(1, body.length() / 2)));
    }

    private RestResponse<String> ok(Object body) {
        try {
            return jsonStatus(RestResponse.Status.OK, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("simulator body not serializable", e);
        }
    }

    private static RestResponse<String> jsonStatus(RestResponse.Status status, String body) {
        return RestResponse.ResponseBuilder.create(status, body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
