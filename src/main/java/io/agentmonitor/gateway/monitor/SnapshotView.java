package io.agentmonitor.gateway.monitor;

import java.time.Duration;
import java.time.Instant;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.netty.buffer.ByteBuf;

/**
 * A caller's view with what HTTP caching and the stream need: the response body and its JSON
 * (serialized once per view, scope and age; also in direct memory, see {@link RenderedViews}), its content without the timing fields (to tell a real
 * change from an identical refresh), its entity tag, how long it stays fresh, and when the newest of
 * the upstream answers it is built from arrived.
 */
public record SnapshotView(ScopedSnapshot body, AgentMonitorSnapshot content, byte[] json, ByteBuf wire, String etag,
        Duration freshFor, Instant answeredAt) {

    /** {@code Cache-Control}: private, fresh for the seconds left in the freshness interval. */
    public String cacheControl() {
        return "private, max-age=" + freshFor.toSeconds();
    }

    /** Whether an {@code If-None-Match} header names this view's entity tag (or {@code *}). */
    public boolean matchedBy(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            String strong = trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed;
            if (strong.equals("*") || strong.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
