package io.agentmonitor.gateway.monitor;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.CallData;
import io.agentmonitor.gateway.upstream.NamedRef;

/**
 * What a caller sees of the agent monitor: the upstream's fields (same names) restricted to the
 * caller's campaigns, and what dashboards need on top: when the data was fetched, how old it is,
 * whether it is stale, and the scope it covers.
 */
@Schema(name = "ScopedSnapshot", description = "The agent monitor restricted to the caller's campaigns, with the "
        + "upstream's field names, plus freshness and scope.",
        requiredProperties = { "agents", "agent_total", "agent_incall", "agent_ready", "agent_paused", "campaign_levels",
                "generated_at",
                "age_seconds", "stale", "scope" })
public record ScopedSnapshot(
        @Schema(description = "The agents of the view, in the upstream's order.") List<Agent> agents,
        @Schema(description = "Call figures of the view; only when the upstream sent them and they cover the "
                + "caller's campaigns alone.") CallData callData,
        @Schema(description = "Dialable leads of the queue; present under the same condition as `call_data`.",
                minimum = "0") Long queueDialableLeads,
        @Schema(description = "Calls of the queue today; present under the same condition as `call_data`.",
                minimum = "0") Long queueCallsToday,
        @Schema(description = "Dropped calls of the queue; present under the same condition as `call_data`.",
                minimum = "0") Long queueDropped,
        @Schema(description = "Answered calls of the queue; present under the same condition as `call_data`.",
                minimum = "0") Long queueAnswered,
        @Schema(description = "Agents in the view.", minimum = "0") long agentTotal,
        @Schema(description = "Agents in the view with status `INCALL`.", minimum = "0") long agentIncall,
        @Schema(description = "Agents in the view with status `READY`.", minimum = "0") long agentReady,
        @Schema(description = "Agents in the view with status `PAUSED`.", minimum = "0") long agentPaused,
        @Schema(description = "Agents of each campaign of the view per attention level, by campaign ID; the "
                + "view's agents without a campaign are not counted.") List<CampaignLevels> campaignLevels,
        @Schema(description = "Campaigns the upstream listed (nested envelope only), restricted to the scope.")
        List<NamedRef> campaigns,
        @Schema(description = "Queues the upstream listed (nested envelope only).") List<NamedRef> queues,
        @Schema(description = "When the data was fetched from the upstream.") Instant generatedAt,
        @Schema(description = "Seconds since `generated_at`.", minimum = "0") long ageSeconds,
        @Schema(description = "`true` only while the upstream is failing: the view's latest refresh failed and "
                + "this is its last good answer. Data that is old for another reason (a view nobody read for a "
                + "while, a refresh put off while the budget is shared) is not stale; `age_seconds` says how old "
                + "it is.") boolean stale,
        @Schema(description = "The campaigns this answer covers.") ScopeView scope) {
}
