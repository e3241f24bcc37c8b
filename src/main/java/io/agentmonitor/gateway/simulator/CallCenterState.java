package io.agentmonitor.gateway.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** Everything the simulated call center knows, in creation order. Guarded by its owner's lock. */
final class CallCenterState {

    final Map<String, SimulatedCampaign> campaigns = new LinkedHashMap<>();
    final Map<String, QueueState> queues = new LinkedHashMap<>();
    final Map<String, AgentState> agents = new LinkedHashMap<>();
    long nextCallLogId;

    void add(SimulatedCampaign campaign) {
        campaigns.put(campaign.id(), campaign);
        campaign.queues().forEach(queue -> queues.put(queue.id(), new QueueState(queue)));
    }
}
