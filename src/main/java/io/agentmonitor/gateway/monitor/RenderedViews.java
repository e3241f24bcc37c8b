package io.agentmonitor.gateway.monitor;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.security.CampaignScope;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;

/**
 * Views filtered, merged and serialized once, then shared by every caller with the same scope who
 * asks within the same second: hundreds of dashboards polling one view cost one serialization per
 * second, not one per request. An entry is keyed by the view's entity tag (which changes with every
 * refresh), the caller's scope and the age in whole seconds, and lives a few seconds.
 * <p>
 * Each entry also keeps its JSON in direct memory: the transport copies a heap buffer into direct
 * memory on every write, but sends a direct one as it is. That copy is freed as soon as the entry
 * leaves the cache and the last write holding it ({@link #hold}) is done, not whenever a garbage
 * collection reaches it.
 */
@ApplicationScoped
class RenderedViews {

    /** The entity tag covers the cached answers, filters and stale flag; the scope and age complete it. */
    record Key(String etag, CampaignScope scope, long ageSeconds) {
    }

    /** How long a rendered view is shared. */
    static final Duration LIFETIME = Duration.ofSeconds(3);

    private final ObjectMapper json;
    private final Cache<Key, RenderedView> views;

    @Inject
    RenderedViews(ObjectMapper json, GatewayConfig config) {
        this(json, Math.max(100, config.cache().maxEntries() * 4), Ticker.systemTicker(), ForkJoinPool.commonPool());
    }

    /** With the clock and the executor (of removals) given: for tests. */
    RenderedViews(ObjectMapper json, long maxEntries, Ticker ticker, Executor executor) {
        this.json = json;
        this.views = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(LIFETIME)
                .ticker(ticker)
                .executor(executor)
                .<Key, RenderedView>removalListener((key, view, cause) -> {
                    if (view != null) {
                        view.wire().release();
                    }
                })
                .build();
    }

    RenderedView render(Key key, Supplier<RenderedView> render) {
        return views.get(key, k -> render.get());
    }

    /** The body serialized, on the heap and in direct memory; only to be cached by {@link #render}. */
    RenderedView of(ScopedSnapshot body, AgentMonitorSnapshot content) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A snapshot could not be written as JSON", e);
        }
        ByteBuf wire = UnpooledByteBufAllocator.DEFAULT.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
        return new RenderedView(body, content, bytes, wire);
    }

    /**
     * Holds a view's direct-memory JSON for one write, to be released when the write is done; false
     * when it is freed already (its entry left the cache since the view was read), and the heap bytes
     * must be written instead.
     */
    static boolean hold(ByteBuf wire) {
        try {
            wire.retain();
            return true;
        } catch (IllegalReferenceCountException e) {
            return false;
        }
    }
}
