package io.agentmonitor.gateway.monitor;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.agentmonitor.gateway.security.CampaignScope;

/**
 * The campaigns an answer covers: {@code all} for callers who see every campaign, otherwise the
 * campaign IDs the caller may see that this view was built from.
 */
@Schema(name = "ScopeView", description = "The campaigns an answer covers.",
        requiredProperties = { "all", "campaign_ids" })
public record ScopeView(
        @Schema(description = "`true` for callers who see every campaign.") boolean all,
        @Schema(description = "The campaign IDs the caller may see (for `all`, the ones this view covers).")
        List<String> campaignIds) {

    static ScopeView of(CampaignScope scope) {
        return new ScopeView(scope.all(), List.copyOf(scope.campaignIds()));
    }
}
