package io.agentmonitor.gateway.simulator;

/**
 * What the simulator has served since the last reset of its counters. Every call that reached it
 * is counted in {@code searchCalls} or {@code logoutCalls}, including the ones it then rejected;
 * {@code rateLimitedCalls} and {@code faultedCalls} say how many of those were rejected by its rate
 * limit or answered with a fault.
 */
public record SimulatorStats(long searchCalls, long logoutCalls, long rateLimitedCalls, long faultedCalls) {
}
