package io.agentmonitor.gateway.problem;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a {@link ProblemException} as the same problem body the exception mappers answer, for a
 * response that a handler took over from the REST layer (a stream refused after it asked an
 * asynchronous question, such as a per-caller limit).
 */
@ApplicationScoped
public class ProblemWriter {

    private final ObjectMapper json;

    ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServerResponse response, ProblemException problem, String path) {
        if (response.ended() || response.closed()) {
            return;
        }
        Problem body = ProblemMappers.body(problem.status(), problem.slug(), problem.title(), problem.getMessage(),
                path, problem.upstreamCode(), null);
        response.setStatusCode(problem.status()).putHeader("Content-Type", "application/problem+json");
        if (problem.retryAfter() != null) {
            response.putHeader("Retry-After", String.valueOf(Math.max(1, problem.retryAfter().toSeconds())));
        }
        try {
            response.end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            Log.debugf("Problem body not written: %s", e.getClass().getSimpleName());
            response.end();
        }
    }
}
