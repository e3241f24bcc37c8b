package io.agentmonitor.gateway.cache;

import java.time.Duration;
import java.time.Instant;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/**
 * One view's last good upstream answer and when it was fetched. {@code upstreamFailing} is set when
 * the latest refresh failed, so the answer is known to be stale whatever its age; {@code retryAt},
 * when set, is the earliest time a new refresh may start after one that failed or was put off.
 */
public record CachedSnapshot(AgentMonitorSnapshot data, Instant fetchedAt, boolean upstreamFailing, Instant retryAt) {

    public CachedSnapshot(AgentMonitorSnapshot data, Instant fetchedAt, boolean upstreamFailing) {
        this(data, fetchedAt, upstreamFailing, null);
    }

    public Duration age(Instant now) {
        Duration age = Duration.between(fetchedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    public CachedSnapshot failing() {
        return upstreamFailing ? this : new CachedSnapshot(data, fetchedAt, true, retryAt);
    }

    /** The same answer, not to be refreshed again before {@code when}. */
    public CachedSnapshot retryAt(Instant when) {
        return new CachedSnapshot(data, fetchedAt, upstreamFailing, when);
    }
}
