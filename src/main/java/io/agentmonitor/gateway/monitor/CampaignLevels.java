package io.agentmonitor.gateway.monitor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AttentionLevel;

/** How many agents of one campaign are at each attention level. */
@Schema(name = "CampaignLevels", description = "Agents of one campaign per attention level.",
        requiredProperties = { "campaign_id", "ok", "warn", "alert" })
public record CampaignLevels(
        @Schema(description = "The campaign's ID.") String campaignId,
        @Schema(description = "Agents at `ok`.", minimum = "0") long ok,
        @Schema(description = "Agents at `warn`.", minimum = "0") long warn,
        @Schema(description = "Agents at `alert`.", minimum = "0") long alert) {

    /** The counts of each campaign the agents belong to, by campaign ID. */
    static List<CampaignLevels> of(List<Agent> agents) {
        Map<String, long[]> counts = new TreeMap<>();
        for (Agent agent : agents) {
            if (agent.campaignId() != null) {
                AttentionLevel level = agent.level() == null ? AttentionLevel.OK : agent.level();
                counts.computeIfAbsent(agent.campaignId(), c -> new long[3])[level.ordinal()]++;
            }
        }
        return counts.entrySet().stream()
                .map(e -> new CampaignLevels(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
    }
}
