package io.agentmonitor.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * The Redis tier that makes several replicas act as one ({@code gateway.redis.*}): a shared snapshot
 * tier behind each replica's own cache, one lease per view so only one replica refreshes it, one
 * upstream budget for all replicas, and change and logout notices to every replica. The server is
 * Quarkus' {@code quarkus.redis.hosts}.
 */
public interface RedisConfig {

    /**
     * Share snapshots, leases, the budget and notices through Redis. On in the {@code prod} profile;
     * off, the gateway is one self-contained process and never opens a Redis connection.
     */
    @WithDefault("false")
    boolean enabled();

    /** Prefix of every key and channel, so that several gateways (or tests) can share one Redis. */
    @WithDefault("amg:")
    String keyPrefix();

    /**
     * How long a replica may hold a view's refresh lease. A replica that crashes mid-refresh blocks
     * that view's refreshes at most this long; a refresh slower than this may be repeated once by
     * another replica.
     */
    @WithDefault("5s")
    Duration leaseDuration();

    /**
     * Replicas expected to run. While Redis is unreachable, each replica keeps to
     * {@code searches-per-second / expected-replicas}, so that together they stay within the budget.
     */
    @WithDefault("3")
    int expectedReplicas();

    /**
     * Longest wait for one Redis command. A timeout makes Redis suspect: when a PING then gets no answer
     * within four times this (at least 2 s), Redis counts as down and the replica goes local. A broken
     * connection counts at once.
     */
    @WithDefault("500ms")
    Duration commandTimeout();

    /** How often a replica that lost Redis tries it again. */
    @WithDefault("1s")
    Duration probeInterval();

    /** Name of this replica in leases and logs. Default: the host name (the pod name) and a random suffix. */
    Optional<String> replicaId();
}
