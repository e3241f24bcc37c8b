package io.agentmonitor.gateway.monitor;

import java.time.Duration;
import java.time.Instant;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/**
 * A caller's view with what HTTP caching and the stream need: the response body and its JSON
 * (serialized once per view, scope and age), its content without the timing fields (to tell a real
 * change from an identical refresh), its entity tag, how long it stays fresh, and when the newest of
 * the upstream answers it is built from arrived.
 */
public record SnapshotView(ScopedSnapshot body, AgentMonitorSnapshot content, byte[] json, String etag,
        Duration freshFor, Instant answeredAt) {
}
