package io.agentmonitor.gateway.monitor;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.agentmonitor.gateway.security.CampaignScope;
import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.NamedRef;

/**
 * Row-level authorization of one upstream answer. Agents of campaigns outside the scope are dropped
 * even when the upstream returned them. When anything was dropped, or the answer was not
 * restricted to one in-scope campaign, the queue and call figures may include other campaigns'
 * data, so they are left out and the agent counters are recomputed from what remains.
 */
final class ScopeFilter {

    private ScopeFilter() {
    }

    /**
     * @param aggregatesInScope whether the upstream query itself was limited to campaigns in scope,
     *        so that its queue and call figures describe only those
     * @param queueId the queue filter, if any: its figures are shown only when an agent of the scope
     *        works that queue, since a queue may serve other campaigns too
     */
    static AgentMonitorSnapshot apply(AgentMonitorSnapshot answer, CampaignScope scope, boolean aggregatesInScope,
            String queueId) {
        List<Agent> kept = answer.agents().stream().filter(a -> scope.contains(a.campaignId())).toList();
        boolean queueInScope = queueId == null || kept.stream().anyMatch(a -> queueId.equals(a.queueId()));
        List<NamedRef> campaigns = answer.campaigns() == null ? null
                : answer.campaigns().stream().filter(c -> scope.contains(c.value())).toList();
        if (kept.size() == answer.agents().size() && aggregatesInScope && queueInScope) {
            return new AgentMonitorSnapshot(answer.agents(), answer.callData(), answer.queueDialableLeads(),
                    answer.queueCallsToday(), answer.queueDropped(), answer.queueAnswered(), answer.agentTotal(),
                    answer.agentIncall(), answer.agentReady(), answer.agentPaused(), campaigns, answer.queues());
        }
        Set<String> keptQueues = kept.stream().map(Agent::queueId).collect(Collectors.toSet());
        List<NamedRef> queues = answer.queues() == null ? null
                : answer.queues().stream().filter(q -> keptQueues.contains(q.value())).toList();
        return AgentMonitorSnapshot.ofAgents(kept, campaigns, queues);
    }
}
