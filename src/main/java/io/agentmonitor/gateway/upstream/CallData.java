package io.agentmonitor.gateway.upstream;

/** Aggregated call statistics of the selected scope, passed through as the upstream gave them. */
public record CallData(Long totalCalls, Long answered, Long dropped) {
}
