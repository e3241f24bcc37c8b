package io.agentmonitor.gateway.upstream;

import java.time.temporal.ChronoUnit;
import java.util.List;

import io.agentmonitor.gateway.config.BudgetConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitType;

/**
 * The fault-tolerance stack of upstream searches, from SmallRye Fault Tolerance: retry outside the
 * circuit breaker outside the budget permit ({@link SearchBudget}), so every attempt (retries too)
 * takes a permit. Business errors (unknown campaign...) are answers, not failures: they neither open
 * the circuit nor get retried, and neither does a missing permit.
 * <p>
 * A local budget is a token bucket that holds one permit and refills one every {@code 1 s / budget},
 * so that no one-second window, wherever it starts, holds more than the budget, and rejected attempts
 * cost nothing. (SmallRye's rolling window and its minimum spacing both record rejected attempts
 * too, so sustained demand above the budget would starve the upstream of every call; a bucket of
 * the whole budget would allow twice the budget across a burst.)
 */
final class SearchGuard {

    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(UpstreamUnavailableException.class,
            UpstreamTimeoutException.class, UpstreamMalformedException.class);

    private SearchGuard() {
    }

    static Guard create(BudgetConfig budget, UpstreamMetrics metrics) {
        long retryDelay = Math.max(1, budget.retryDelay().toMillis());
        return Guard.create()
                .withDescription("convoso-search")
                .withRetry()
                .maxRetries(budget.maxRetries())
                .delay(retryDelay, ChronoUnit.MILLIS)
                .jitter(Math.max(1, retryDelay / 2), ChronoUnit.MILLIS)
                .retryOn(TRANSIENT)
                .abortOn(UpstreamBudgetExhaustedException.class)
                .withExponentialBackoff().factor(2).maxDelay(retryDelay * 8, ChronoUnit.MILLIS).done()
                .onRetry(metrics::retried)
                .done()
                .withCircuitBreaker()
                .name("convoso-search")
                .requestVolumeThreshold(budget.circuitBreakerVolume())
                .failureRatio(budget.circuitBreakerFailureRatio())
                .delay(budget.circuitBreakerDelay().toMillis(), ChronoUnit.MILLIS)
                .failOn(List.of(UpstreamUnavailableException.class, UpstreamTimeoutException.class,
                        UpstreamMalformedException.class, UpstreamAuthException.class))
                .skipOn(UpstreamBudgetExhaustedException.class)
                .onStateChange(metrics::circuitState)
                .done()
                .build();
    }

    /** One permit every {@code share / perSecond} seconds, never more than one at a time. */
    static Guard rateLimit(int perSecond, int share, UpstreamMetrics metrics) {
        return Guard.create()
                .withDescription("convoso-search-budget")
                .withRateLimit()
                .limit(1)
                .window(Math.max(1, 1_000_000L * share / perSecond), ChronoUnit.MICROS)
                .type(RateLimitType.SMOOTH)
                .onRejected(metrics::budgetRejected)
                .done()
                .build();
    }
}
