package io.agentmonitor.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Classifies an upstream answer by its body first and its status second, since the upstream sends
 * business errors with HTTP 200 and in two shapes ({@code error}, or {@code code} with {@code text}).
 */
final class UpstreamBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UpstreamBodies() {
    }

    /** The parsed body of a successful answer, or the typed failure it stands for. */
    static JsonNode requireSuccess(int status, Duration retryAfter, String body) {
        if (status == 429) {
            throw new UpstreamUnavailableException(status, retryAfter, "upstream is rate limiting");
        }
        if (status == 401 || status == 403) {
            throw new UpstreamAuthException("HTTP " + status);
        }
        JsonNode node = parse(body);
        if (node == null || !node.isObject()) {
            if (status >= 400) {
                throw new UpstreamUnavailableException(status, retryAfter, "upstream answered HTTP " + status);
            }
            throw new UpstreamMalformedException("upstream answered a body that is not a JSON object");
        }
        failIfUnsuccessful(node);
        JsonNode data = node.path("data");
        if (data.isObject()) {
            failIfUnsuccessful(data.path("entries"));
        }
        if (status >= 400) {
            throw new UpstreamUnavailableException(status, retryAfter, "upstream answered HTTP " + status);
        }
        return node;
    }

    /**
     * The body as text. With the default error mapper off, error statuses leave the body unread
     * (an input stream over the buffered bytes) rather than converted to the declared type.
     */
    static String text(RestResponse<?> response) {
        Object entity = response.getEntity();
        if (entity == null || entity instanceof String) {
            return (String) entity;
        }
        if (entity instanceof InputStream stream) {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        }
        return entity.toString();
    }

    static Duration retryAfter(RestResponse<?> response) {
        String value = response.getHeaderString("Retry-After");
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            // An HTTP date is allowed too; the caller's own back-off applies then.
            return null;
        }
    }

    private static void failIfUnsuccessful(JsonNode node) {
        JsonNode success = node.path("success");
        boolean failed = success.isBoolean() ? !success.booleanValue()
                : success.isTextual() && "false".equalsIgnoreCase(success.textValue().trim())
                        || success.isNumber() && success.intValue() == 0;
        if (!failed) {
            return;
        }
        Long code = Fields.longValue(node, "code");
        String text = firstText(node, "text", "error", "message");
        if (code == null && text.toLowerCase(Locale.ROOT).contains("authentication token")) {
            throw new UpstreamAuthException(text);
        }
        throw new UpstreamErrorException(code == null ? null : code.intValue(), text);
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = Fields.text(node, field);
            if (value != null) {
                return value;
            }
        }
        return "unspecified upstream error";
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
