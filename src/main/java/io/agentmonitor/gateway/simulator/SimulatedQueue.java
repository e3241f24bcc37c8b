package io.agentmonitor.gateway.simulator;

/** A queue of the simulated call center; its ID is its campaign's ID plus one digit. */
public record SimulatedQueue(String id, String name, String campaignId) {
}
