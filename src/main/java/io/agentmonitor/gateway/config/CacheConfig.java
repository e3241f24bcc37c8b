package io.agentmonitor.gateway.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** The snapshot cache shared by every caller ({@code gateway.cache.*}). */
public interface CacheConfig {

    /**
     * How long a snapshot counts as fresh. Views being read are refreshed in the background shortly
     * before this, so readers rarely wait; older answers are marked {@code stale}.
     */
    @WithDefault("2s")
    Duration freshness();

    /**
     * The most ahead of the end of its freshness interval that a view being read is refreshed: it
     * is refreshed as long ahead as recent refreshes took to answer (shared-tier lookup, budget
     * permit and upstream call), capped by this and by half the freshness interval.
     */
    @WithDefault("1s")
    Duration refreshAhead();

    /**
     * The oldest snapshot still served (marked stale) while the upstream fails. Past it, readers get
     * a 503/504 problem with {@code Retry-After}.
     */
    @WithDefault("60s")
    Duration maxStaleness();

    /** Most views kept at once; the least recently used beyond it are evicted. */
    @WithDefault("2000")
    long maxEntries();

    /** Interval between heartbeat comments on the live stream. */
    @WithDefault("15s")
    Duration heartbeat();
}
