package io.agentmonitor.gateway.audit;

/**
 * CDI event fired after an agent was logged out upstream and the outcome was recorded, so that
 * whoever caches snapshots can refresh or drop the ones that contain {@code userId} (its campaign
 * at check time is {@code campaignId}). Observe it with {@code @Observes AgentLoggedOut}.
 */
public record AgentLoggedOut(String userId, String campaignId) {
}
