package io.agentmonitor.gateway.cache;

import java.time.Duration;
import java.time.Instant;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/**
 * One view's last good upstream answer and when it was fetched. {@code upstreamFailing} is set when
 * the latest refresh failed, so the answer is known to be stale whatever its age; {@code triedAt} is
 * when a refresh was last attempted (the fetch time, or a later refresh that failed or was put off).
 */
public record CachedSnapshot(AgentMonitorSnapshot data, Instant fetchedAt, boolean upstreamFailing, Instant triedAt) {

    public CachedSnapshot(AgentMonitorSnapshot data, Instant fetchedAt, boolean upstreamFailing) {
        this(data, fetchedAt, upstreamFailing, fetchedAt);
    }

    public Duration age(Instant now) {
        Duration age = Duration.between(fetchedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    public CachedSnapshot failing() {
        return upstreamFailing ? this : new CachedSnapshot(data, fetchedAt, true, triedAt);
    }

    /** The same answer, after a refresh attempted at {@code when} brought nothing newer. */
    public CachedSnapshot triedAt(Instant when) {
        return new CachedSnapshot(data, fetchedAt, upstreamFailing, when);
    }
}
