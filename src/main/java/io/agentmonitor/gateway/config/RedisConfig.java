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

    /**
     * The secret the replicas of one deployment share (at least 32 characters, from a Secret):
     * every shared answer and notice carries an HMAC-SHA256 with it, bound to its key or channel,
     * and one that does not verify is treated as absent. Required when Redis is on; a value signed
     * by another deployment (another key) is never used.
     */
    Optional<String> valueKey();

    /**
     * The deployment's Redis ACL user. With {@code password}, the gateway logs in as it (over TLS:
     * {@code rediss://} in {@code quarkus.redis.hosts}); without, as Redis' {@code default} user.
     */
    Optional<String> username();

    /** The ACL user's password, from a Secret; never logged. */
    Optional<String> password();

    /** Name of this replica in leases and logs. Default: the host name (the pod name) and a random suffix. */
    Optional<String> replicaId();
}
