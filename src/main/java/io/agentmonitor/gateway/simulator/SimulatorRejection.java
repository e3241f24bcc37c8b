package io.agentmonitor.gateway.simulator;

/** A request the simulated upstream refuses with one of its documented error codes. */
final class SimulatorRejection extends RuntimeException {

    final UpstreamError error;

    SimulatorRejection(UpstreamError error) {
        super(error.text, null, false, false);
        this.error = error;
    }
}
