package io.agentmonitor.gateway.monitor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.agentmonitor.gateway.security.CampaignScope;
import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.NamedRef;

/**
 * Row-level authorization and the request's own filters, applied to one upstream answer. Agents of
 * campaigns outside the scope are dropped even when the upstream returned them, and so are agents
 * that do not match the request's campaign, agent or skills, whatever the upstream did with them
 * (it is sent the same filters, so that its answers stay small): {@code skill} means all of the
 * skills. When anything was dropped, or the answer was not restricted to one in-scope campaign, the
 * queue and call figures may include other campaigns' or agents' data, so they are left out and the
 * agent counters are recomputed from what remains.
 */
final class ScopeFilter {

    private ScopeFilter() {
    }

    /**
     * @param aggregatesInScope whether the upstream query itself was limited to campaigns in scope,
     *        so that its queue and call figures describe only those
     * @param request the caller's filters; of the queue filter, its figures are shown only when an agent
     *        of the scope works that queue, since a queue may serve other campaigns too
     */
    static AgentMonitorSnapshot apply(AgentMonitorSnapshot answer, CampaignScope scope, boolean aggregatesInScope,
            SnapshotRequest request) {
        String queueId = request.queueId();
        List<Agent> kept = answer.agents().stream()
                .filter(a -> scope.contains(a.campaignId()) && matches(a, request)).toList();
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

    /**
     * Whether the agent is one the request asks for. The queue is left to the upstream: which agents
     * serve a queue is its knowledge, not a field of every row.
     */
    static boolean matches(Agent agent, SnapshotRequest request) {
        if (request.campaignId() != null && !request.campaignId().equals(agent.campaignId())
                || request.userId() != null && !request.userId().equals(agent.userId())) {
            return false;
        }
        if (request.skills().isEmpty()) {
            return true;
        }
        Set<String> has = agent.skillOptions() == null ? Set.of()
                : Arrays.stream(agent.skillOptions().split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .collect(Collectors.toSet());
        return request.skills().stream().allMatch(skill -> has.contains(skill.toLowerCase(Locale.ROOT)));
    }
}
