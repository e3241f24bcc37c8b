package io.agentmonitor.gateway.upstream;

import java.util.List;

/**
 * One answer of {@code /agent-monitor/search}, whichever envelope it came in. The agent counters
 * are always present (computed from the agents when the upstream left them out); the queue
 * figures and {@code call_data} are present only when the upstream sent them.
 */
public record AgentMonitorSnapshot(
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
        List<NamedRef> queues) {

    public static final String READY = "READY";
    public static final String INCALL = "INCALL";
    public static final String PAUSED = "PAUSED";

    /** Counters computed from the agents alone, for answers that lack them or were filtered. */
    public static AgentMonitorSnapshot ofAgents(List<Agent> agents, List<NamedRef> campaigns, List<NamedRef> queues) {
        return new AgentMonitorSnapshot(agents, null, null, null, null, null,
                agents.size(), count(agents, INCALL), count(agents, READY), count(agents, PAUSED),
                campaigns, queues);
    }

    static long count(List<Agent> agents, String status) {
        return agents.stream().filter(a -> status.equals(a.status())).count();
    }
}
