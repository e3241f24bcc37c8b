package io.agentmonitor.gateway.upstream;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/** Upstream calls by endpoint and outcome, with their latency ({@code gateway_upstream_calls_seconds}). */
@ApplicationScoped
public class UpstreamMetrics {

    static final String SEARCH = "search";
    static final String LOGOUT = "logout";

    private final MeterRegistry registry;
    private final AtomicInteger circuitOpen = new AtomicInteger();
    private final Timer permitLateness;

    UpstreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("gateway.upstream.circuit.open", circuitOpen);
        this.permitLateness = Timer.builder("gateway.upstream.budget.lateness")
                .description("From the start of a shared budget slot to the search using it")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
    }

    void retried() {
        registry.counter("gateway.upstream.retries").increment();
    }

    /**
     * How long after its slot began a shared permit reached its search (given up past the allowed
     * lateness); a permit used under a millisecond early (timers are not finer) counts as on time.
     */
    void permitLateness(long nanos) {
        permitLateness.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Searches refused by the gateway's own upstream budget (the upstream was spared). */
    void budgetRejected() {
        registry.counter("gateway.upstream.budget.rejected").increment();
    }

    void circuitState(CircuitBreakerState state) {
        circuitOpen.set(state == CircuitBreakerState.CLOSED ? 0 : 1);
        Log.infof("Upstream circuit breaker is now %s", state);
    }

    /** Whether the circuit breaker currently keeps calls away from the upstream. */
    public boolean circuitOpen() {
        return circuitOpen.get() == 1;
    }

    <T> Uni<T> timed(String endpoint, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return call.onItemOrFailure().invoke((item, failure) -> sample.stop(
                    registry.timer("gateway.upstream.calls", "endpoint", endpoint, "outcome", outcome(failure))));
        });
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "success";
        }
        if (failure instanceof UpstreamErrorException) {
            return "error";
        }
        if (failure instanceof UpstreamTimeoutException) {
            return "timeout";
        }
        if (failure instanceof UpstreamMalformedException) {
            return "malformed";
        }
        if (failure instanceof UpstreamAuthException) {
            return "rejected";
        }
        return "unavailable";
    }
}
