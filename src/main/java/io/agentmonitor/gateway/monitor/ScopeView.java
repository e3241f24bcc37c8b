package io.agentmonitor.gateway.monitor;

import java.util.List;

import io.agentmonitor.gateway.security.CampaignScope;

/**
 * The campaigns an answer covers: {@code all} for callers who see every campaign, otherwise the
 * campaign IDs the caller may see that this view was built from.
 */
public record ScopeView(boolean all, List<String> campaignIds) {

    static ScopeView of(CampaignScope scope) {
        return new ScopeView(scope.all(), List.copyOf(scope.campaignIds()));
    }
}
