package io.agentmonitor.gateway.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/**
 * One view's last good upstream answer and when it was fetched. {@code upstreamFailing} is set when
 * the latest refresh failed, so the answer is known to be stale whatever its age; {@code retryAt},
 * when set, is the earliest time a new refresh may start after one that failed or was put off.
 * {@code notFound}, when set, is the upstream's code for "no such campaign, queue or agent": that is
 * an answer too (no agents), cached and refreshed like any other, so a view that names nothing costs
 * no more than one that names something.
 */
public record CachedSnapshot(AgentMonitorSnapshot data, Instant fetchedAt, boolean upstreamFailing, Instant retryAt,
        Integer notFound) {

    private static final AgentMonitorSnapshot NOTHING = AgentMonitorSnapshot.ofAgents(List.of(), null, null);

    public CachedSnapshot(AgentMonitorSnapshot data, Instant fetchedAt, boolean upstreamFailing) {
        this(data, fetchedAt, upstreamFailing, null, null);
    }

    /** The upstream's answer that what the view names does not exist ({@code code}: 6006, 6026, 6041). */
    public static CachedSnapshot notFound(int code, Instant fetchedAt) {
        return new CachedSnapshot(NOTHING, fetchedAt, false, null, code);
    }

    public Duration age(Instant now) {
        Duration age = Duration.between(fetchedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    public CachedSnapshot failing() {
        return upstreamFailing ? this : new CachedSnapshot(data, fetchedAt, true, retryAt, notFound);
    }

    /** The same answer, not to be refreshed again before {@code when}. */
    public CachedSnapshot retryAt(Instant when) {
        return new CachedSnapshot(data, fetchedAt, upstreamFailing, when, notFound);
    }
}
