package io.agentmonitor.gateway.simulator;

import io.agentmonitor.gateway.config.GatewayConfig;

/** The simulator's current switches and counters, as {@code GET /simulator/control} shows them. */
public record SimulatorSettings(SimulatorFault fault, SimulatorFault logoutFault, GatewayConfig.Envelope envelope,
        int rateLimit, long latencyMillis, long latencyJitterMillis, SimulatorStats stats) {
}
