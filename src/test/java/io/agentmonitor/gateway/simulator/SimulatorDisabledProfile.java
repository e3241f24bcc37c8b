package io.agentmonitor.gateway.simulator;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The production default: no simulator. */
public class SimulatorDisabledProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.simulator.enabled", "false");
    }
}
