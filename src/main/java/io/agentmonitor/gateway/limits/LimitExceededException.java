package io.agentmonitor.gateway.limits;

import java.time.Duration;

import io.agentmonitor.gateway.problem.ProblemException;

/** A request refused by a per-caller limit: {@code 429 too-many-requests}, with {@code Retry-After}. */
public final class LimitExceededException extends ProblemException {

    LimitExceededException(String detail, Duration retryAfter) {
        super(429, "too-many-requests", "Too many requests", detail, null, retryAfter);
    }
}
