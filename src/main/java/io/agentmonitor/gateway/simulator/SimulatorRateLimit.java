package io.agentmonitor.gateway.simulator;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;

/**
 * The simulated upstream's request budget: {@code gateway.simulator.rate-limit} calls per fixed
 * one-second window, shared by search and logout. A SmallRye Fault Tolerance guard does the
 * counting; changing the limit at runtime swaps in a new guard (and so a fresh window).
 */
@ApplicationScoped
class SimulatorRateLimit {

    private final int configured;
    private volatile int perSecond;
    private volatile Guard guard;

    SimulatorRateLimit(GatewayConfig config) {
        this.configured = config.simulator().rateLimit();
        limit(configured);
    }

    /** Takes one permit; {@code false} when this second's budget is spent. */
    boolean tryAcquire() {
        Guard current = guard;
        if (current == null) {
            return true;
        }
        try {
            return current.get(() -> Boolean.TRUE, Boolean.class);
        } catch (RateLimitException e) {
            return false;
        }
    }

    /** Calls per second from now on; zero or less means unlimited. */
    void limit(int callsPerSecond) {
        this.guard = callsPerSecond <= 0 ? null
                : Guard.create()
                        .withRateLimit().limit(callsPerSecond).window(1, ChronoUnit.SECONDS)
                        .type(RateLimitType.FIXED).done()
                        .build();
        this.perSecond = callsPerSecond;
    }

    int limit() {
        return perSecond;
    }

    void reset() {
        limit(configured);
    }
}
