package io.agentmonitor.gateway.simulator;

/** The body of {@code POST /simulator/control/agents}. */
public record NewAgent(String userId, String userFullName, String campaignId) {
}
