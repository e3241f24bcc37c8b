package io.agentmonitor.gateway.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * The upstream could not serve the call: unreachable, HTTP 5xx, or overloaded (HTTP 429). Carries
 * the upstream's {@code Retry-After} when it sent one.
 */
public class UpstreamUnavailableException extends UpstreamException {

    private final int status;
    private final Duration retryAfter;

    public UpstreamUnavailableException(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The upstream's HTTP status, or 0 when it could not be reached. */
    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
