package io.agentmonitor.gateway.cluster;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * What Redis sent that a replica would not use: a value that does not parse, is oversized, names a
 * time outside its range or lacks what every answer has; a notice that does not parse; a budget
 * schedule that makes no sense. Each is treated as absent by its reader, counted
 * ({@code gateway_redis_rejected_values_total{kind}}) and logged at most once a minute per kind
 * (never the value itself: it may be anything).
 */
@ApplicationScoped
public class RejectedValues {

    private static final long LOG_EVERY = TimeUnit.MINUTES.toNanos(1);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

    RejectedValues(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A value of {@code kind} ({@code snapshot}, {@code notice}, {@code budget}) was rejected because {@code why}. */
    void rejected(String kind, String why) {
        registry.counter("gateway.redis.rejected.values", "kind", kind).increment();
        long now = System.nanoTime();
        AtomicLong last = lastLogged.computeIfAbsent(kind, k -> new AtomicLong(now - LOG_EVERY - 1));
        long previous = last.get();
        if (now - previous > LOG_EVERY && last.compareAndSet(previous, now)) {
            Log.warnf("Redis held a %s value this replica does not use (%s): treated as absent. Is another "
                    + "deployment or version writing under this key prefix, or is Redis reachable by others?", kind, why);
        }
    }
}
