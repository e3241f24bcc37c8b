package io.agentmonitor.gateway.simulator;

/** Running figures of one queue. Guarded by the lock of {@link SimulatedCallCenter}. */
final class QueueState {

    final SimulatedQueue queue;
    long answered;
    long dropped;
    long dialableLeads;

    QueueState(SimulatedQueue queue) {
        this.queue = queue;
    }
}
