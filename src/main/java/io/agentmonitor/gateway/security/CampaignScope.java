package io.agentmonitor.gateway.security;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The campaigns a caller may see: every campaign ({@code all}) or exactly the listed IDs. The
 * empty scope sees nothing; there is no implicit "everything".
 */
public record CampaignScope(boolean all, SortedSet<String> campaignIds) {

    public static final CampaignScope NONE = new CampaignScope(false, new TreeSet<>());
    public static final CampaignScope ALL = new CampaignScope(true, new TreeSet<>());

    public CampaignScope {
        campaignIds = all ? new TreeSet<>() : new TreeSet<>(campaignIds);
    }

    public static CampaignScope of(Collection<String> campaignIds) {
        return new CampaignScope(false, new TreeSet<>(campaignIds));
    }

    public boolean contains(String campaignId) {
        return all || campaignId != null && campaignIds.contains(campaignId);
    }

    public boolean isEmpty() {
        return !all && campaignIds.isEmpty();
    }
}
