package io.agentmonitor.gateway.monitor;

import java.time.Duration;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/**
 * A caller's view with what HTTP caching and the stream need: the response body, its content without
 * the timing fields (to tell a real change from an identical refresh), its entity tag, and how long it
 * stays fresh.
 */
public record SnapshotView(ScopedSnapshot body, AgentMonitorSnapshot content, String etag, Duration freshFor) {
}
