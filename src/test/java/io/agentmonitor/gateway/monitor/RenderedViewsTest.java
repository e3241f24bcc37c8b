package io.agentmonitor.gateway.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.security.CampaignScope;
import io.netty.buffer.ByteBuf;

/**
 * A rendered view's direct-memory copy of its JSON: the same bytes as the heap copy, kept while a
 * write holds it even after the view left the cache, freed when the last holder is done, and never
 * handed out again once freed (the route then writes the heap bytes).
 */
class RenderedViewsTest {

    private final AtomicLong now = new AtomicLong();
    private final RenderedViews views = new RenderedViews(new ObjectMapper(), 100, now::get, Runnable::run);

    @Test
    void aWriteKeepsTheDirectCopyPastItsCacheEntryAndTheCopyIsFreedOnceDone() {
        RenderedView first = render("etag-1");
        assertArrayEquals(first.json(), bytes(first.wire()), "the direct copy holds the JSON");
        assertSame(first, render("etag-1"), "shared within its lifetime");

        assertTrue(RenderedViews.hold(first.wire()), "a write holds the copy");
        now.addAndGet(RenderedViews.LIFETIME.plusSeconds(1).toNanos());
        RenderedView second = render("etag-2"); // the cache's upkeep drops the expired view

        assertEquals(1, first.wire().refCnt(), "only the write holds the expired view's copy now");
        assertArrayEquals(first.json(), bytes(first.wire()), "and its bytes are intact");
        first.wire().release(); // the write is done
        assertEquals(0, first.wire().refCnt(), "freed once the write is done");
        assertFalse(RenderedViews.hold(first.wire()), "a freed copy is never written");

        assertTrue(RenderedViews.hold(second.wire()), "the live view's copy can still be held");
        second.wire().release();
    }

    private RenderedView render(String etag) {
        return views.render(new RenderedViews.Key(etag, CampaignScope.of(List.of("111")), 0), () -> views.of(
                new ScopedSnapshot(List.of(), null, null, null, null, null, 0, 0, 0, 0, List.of(), List.of(), List.of(), null,
                        0, false, null),
                null));
    }

    private static byte[] bytes(ByteBuf wire) {
        byte[] copy = new byte[wire.readableBytes()];
        wire.getBytes(wire.readerIndex(), copy);
        return copy;
    }
}
