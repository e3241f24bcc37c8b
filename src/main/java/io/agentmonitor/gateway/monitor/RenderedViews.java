package io.agentmonitor.gateway.monitor;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.security.CampaignScope;

/**
 * Views filtered, merged and serialized once, then shared by every caller with the same scope who
 * asks within the same second: hundreds of dashboards polling one view cost one serialization per
 * second, not one per request. An entry is keyed by the view's entity tag (which changes with every
 * refresh), the caller's scope and the age in whole seconds, and lives a few seconds.
 */
@ApplicationScoped
class RenderedViews {

    /** The entity tag covers the cached answers, filters and stale flag; the scope and age complete it. */
    record Key(String etag, CampaignScope scope, long ageSeconds) {
    }

    private final ObjectMapper json;
    private final Cache<Key, RenderedView> views;

    RenderedViews(ObjectMapper json, GatewayConfig config) {
        this.json = json;
        this.views = Caffeine.newBuilder()
                .maximumSize(Math.max(100, config.cache().maxEntries() * 4))
                .expireAfterWrite(Duration.ofSeconds(3))
                .build();
    }

    RenderedView render(Key key, Supplier<RenderedView> render) {
        return views.get(key, k -> render.get());
    }

    byte[] serialize(ScopedSnapshot body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A snapshot could not be written as JSON", e);
        }
    }
}
