package io.agentmonitor.gateway.monitor;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/** A view's body, its content without the timing fields, and the body as JSON. */
record RenderedView(ScopedSnapshot body, AgentMonitorSnapshot content, byte[] json) {
}
