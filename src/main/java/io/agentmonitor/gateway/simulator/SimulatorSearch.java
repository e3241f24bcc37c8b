package io.agentmonitor.gateway.simulator;

/**
 * One search call as the simulator received it: when (epoch milliseconds) and for which filters
 * (null when not given; skills comma-separated as sent), whatever it then answered.
 */
public record SimulatorSearch(long at, String campaignId, String queueId, String userId, String skills) {
}
