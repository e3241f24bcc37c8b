package io.agentmonitor.gateway.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.CallData;
import io.agentmonitor.gateway.upstream.NamedRef;

/**
 * Merges the per-campaign answers of a multi-campaign view. Counters add up; a queue or call figure
 * is summed only when every part has it, since a partial sum would understate it.
 */
final class SnapshotMerger {

    private SnapshotMerger() {
    }

    static AgentMonitorSnapshot merge(List<AgentMonitorSnapshot> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Map<String, Agent> agents = new LinkedHashMap<>();
        parts.forEach(p -> p.agents().forEach(a -> agents.putIfAbsent(a.userId(), a)));
        boolean duplicates = agents.size() != parts.stream().mapToInt(p -> p.agents().size()).sum();
        List<Agent> merged = List.copyOf(agents.values());
        if (duplicates) {
            // An agent counted in two parts would be counted twice in every figure.
            return AgentMonitorSnapshot.ofAgents(merged, refs(parts, AgentMonitorSnapshot::campaigns),
                    refs(parts, AgentMonitorSnapshot::queues));
        }
        return new AgentMonitorSnapshot(
                merged,
                callData(parts),
                sum(parts, AgentMonitorSnapshot::queueDialableLeads),
                sum(parts, AgentMonitorSnapshot::queueCallsToday),
                sum(parts, AgentMonitorSnapshot::queueDropped),
                sum(parts, AgentMonitorSnapshot::queueAnswered),
                parts.stream().mapToLong(AgentMonitorSnapshot::agentTotal).sum(),
                parts.stream().mapToLong(AgentMonitorSnapshot::agentIncall).sum(),
                parts.stream().mapToLong(AgentMonitorSnapshot::agentReady).sum(),
                parts.stream().mapToLong(AgentMonitorSnapshot::agentPaused).sum(),
                refs(parts, AgentMonitorSnapshot::campaigns),
                refs(parts, AgentMonitorSnapshot::queues));
    }

    private static <T> Long sum(List<T> parts, Function<T, Long> figure) {
        long total = 0;
        for (T part : parts) {
            Long value = figure.apply(part);
            if (value == null) {
                return null;
            }
            total += value;
        }
        return total;
    }

    private static CallData callData(List<AgentMonitorSnapshot> parts) {
        List<CallData> data = parts.stream().map(AgentMonitorSnapshot::callData).toList();
        if (data.contains(null)) {
            return null;
        }
        return new CallData(sum(data, CallData::totalCalls), sum(data, CallData::answered),
                sum(data, CallData::dropped));
    }

    private static List<NamedRef> refs(List<AgentMonitorSnapshot> parts,
            Function<AgentMonitorSnapshot, List<NamedRef>> list) {
        if (parts.stream().map(list).allMatch(java.util.Objects::isNull)) {
            return null;
        }
        Map<String, NamedRef> byValue = new LinkedHashMap<>();
        parts.stream().map(list).filter(java.util.Objects::nonNull)
                .forEach(refs -> refs.forEach(r -> byValue.putIfAbsent(r.value(), r)));
        return new ArrayList<>(byValue.values());
    }
}
