package io.agentmonitor.gateway.upstream;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A normalized upstream search: the filters that reach {@code /agent-monitor/search}. Two callers
 * asking for the same view build equal queries, whatever order they listed skills in.
 */
public record SearchQuery(String campaignId, String queueId, String userId, SortedSet<String> skills) {

    public SearchQuery {
        skills = skills == null ? new TreeSet<>() : new TreeSet<>(skills);
    }

    public static SearchQuery of(String campaignId, String queueId, String userId, Collection<String> skills) {
        return new SearchQuery(campaignId, queueId, userId, skills == null ? null : new TreeSet<>(skills));
    }

    /** The {@code filter_by_skill_options} value: comma-separated, sorted. */
    public String skillOptions() {
        return skills.isEmpty() ? null : String.join(",", skills);
    }

    public SearchQuery withCampaign(String campaign) {
        return new SearchQuery(campaign, queueId, userId, skills);
    }
}
