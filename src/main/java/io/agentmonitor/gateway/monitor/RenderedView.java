package io.agentmonitor.gateway.monitor;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.netty.buffer.ByteBuf;

/**
 * A view's body, its content without the timing fields, the body as JSON, and the same JSON in direct
 * memory for the transport ({@link RenderedViews#hold}).
 */
record RenderedView(ScopedSnapshot body, AgentMonitorSnapshot content, byte[] json, ByteBuf wire) {
}
