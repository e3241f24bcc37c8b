package io.agentmonitor.gateway.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * The upstream budget and resilience of upstream searches ({@code gateway.budget.*}). Every search
 * attempt, retries included, takes a permit, so retries never push the gateway over its budget.
 */
public interface BudgetConfig {

    /** Upstream searches per second for the whole gateway, whatever the number of clients and views. */
    @WithDefault("10")
    int searchesPerSecond();

    /**
     * How long a waiting caller (a reader of a view not cached yet, a logout's agent lookup) waits for
     * a budget permit before the answer is a 503 problem.
     */
    @WithDefault("3s")
    Duration permitWait();

    /**
     * How long a background refresh waits for a budget permit; past it the refresh is put off and
     * tried again shortly, while readers keep the current answer. A budget shared through Redis
     * reserves a refresh's permit at most this far ahead.
     */
    @WithDefault("500ms")
    Duration refreshPermitWait();

    /** Retries of a failed search (timeouts, 5xx, malformed answers; never business errors or logouts). */
    @WithDefault("1")
    int maxRetries();

    /** Base delay before a retry; exponential with jitter of the same size. */
    @WithDefault("200ms")
    Duration retryDelay();

    /** Upstream calls in the circuit breaker's rolling window. */
    @WithDefault("10")
    int circuitBreakerVolume();

    /** Share of failed calls in the window that opens the circuit. */
    @WithDefault("0.5")
    double circuitBreakerFailureRatio();

    /** How long the circuit stays open before a trial call. */
    @WithDefault("5s")
    Duration circuitBreakerDelay();
}
