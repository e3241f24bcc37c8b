package io.agentmonitor.gateway.simulator;

import java.util.List;

/**
 * One search answer before it is put in an envelope.
 *
 * @param campaigns the campaigns the filter selected (all of them without a campaign or queue filter)
 * @param queues the queues the filter selected; the queue figures are summed over them
 */
record SearchResult(List<SimulatedAgent> agents, List<SimulatedCampaign> campaigns, List<SimulatedQueue> queues,
        long dialableLeads, long answered, long dropped) {

    long callsToday() {
        return answered + dropped;
    }

    long agentsIn(String status) {
        return agents.stream().filter(agent -> status.equals(agent.status())).count();
    }
}
