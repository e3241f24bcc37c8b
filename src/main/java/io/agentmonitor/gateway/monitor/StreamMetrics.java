package io.agentmonitor.gateway.monitor;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/** Live stream subscribers ({@code gateway_stream_subscribers}). */
@ApplicationScoped
public class StreamMetrics {

    private final AtomicInteger subscribers = new AtomicInteger();

    StreamMetrics(MeterRegistry registry) {
        registry.gauge("gateway.stream.subscribers", subscribers);
    }

    void subscribed() {
        subscribers.incrementAndGet();
    }

    void unsubscribed() {
        subscribers.decrementAndGet();
    }

    public int subscribers() {
        return subscribers.get();
    }
}
