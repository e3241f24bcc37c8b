package io.agentmonitor.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Puts the upstream side back to a known state between tests: the simulator's seeded call center
 * with no fault, an empty snapshot cache, and closed circuit breakers.
 */
@ApplicationScoped
public class HealthyUpstream {

    private final ConvosoSimulator simulator;
    private final SnapshotCache cache;

    HealthyUpstream(ConvosoSimulator simulator, SnapshotCache cache) {
        this.simulator = simulator;
        this.cache = cache;
    }

    public void restore() {
        simulator.reset();
        cache.invalidateAll();
        CircuitBreakerMaintenance.get().resetAll();
    }
}
