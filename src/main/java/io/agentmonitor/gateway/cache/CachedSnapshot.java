package io.agentmonitor.gateway.cache;

import java.time.Duration;
import java.time.Instant;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/**
 * One view's last good upstream answer and when it was fetched. {@code upstreamFailing} is set when
 * the latest refresh failed, so the answer is known to be stale whatever its age.
 */
public record CachedSnapshot(AgentMonitorSnapshot data, Instant fetchedAt, boolean upstreamFailing) {

    public Duration age(Instant now) {
        Duration age = Duration.between(fetchedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    public CachedSnapshot failing() {
        return upstreamFailing ? this : new CachedSnapshot(data, fetchedAt, true);
    }
}
