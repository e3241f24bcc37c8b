package io.agentmonitor.gateway.monitor;

import java.time.Instant;
import java.util.List;

import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.CallData;
import io.agentmonitor.gateway.upstream.NamedRef;

/**
 * What a caller sees of the agent monitor: the upstream's fields (same names) restricted to the
 * caller's campaigns, and what dashboards need on top: when the data was fetched, how old it is,
 * whether it is stale, and the scope it covers.
 */
public record ScopedSnapshot(
        List<Agent> agents,
        CallData callData,
        Long queueDialableLeads,
        Long queueCallsToday,
        Long queueDropped,
        Long queueAnswered,
        long agentTotal,
        long agentIncall,
        long agentReady,
        long agentPaused,
        List<NamedRef> campaigns,
        List<NamedRef> queues,
        Instant generatedAt,
        long ageSeconds,
        boolean stale,
        ScopeView scope) {
}
