package io.agentmonitor.gateway.simulator;

import java.util.List;

/**
 * One search answer before it is put in an envelope.
 *
 * @param campaigns the campaigns the filter selected (all of them without a campaign or queue filter)
 * @param queues the queues the filter selected; the queue figures are summed over them
 * @param answered calls the selected queues answered today
 * @param dropped calls the selected queues lost today, waiting or ringing
 * @param scopeAnswered calls the listed agents answered today ({@code call_data}, the selected scope's)
 * @param scopeDropped calls that rang at the listed agents and were hung up before they answered
 */
record SearchResult(List<SimulatedAgent> agents, List<SimulatedCampaign> campaigns, List<SimulatedQueue> queues,
        long dialableLeads, long answered, long dropped, long scopeAnswered, long scopeDropped) {

    long callsToday() {
        return answered + dropped;
    }

    long scopeCalls() {
        return scopeAnswered + scopeDropped;
    }

    long agentsIn(String status) {
        return agents.stream().filter(agent -> status.equals(agent.status())).count();
    }
}
