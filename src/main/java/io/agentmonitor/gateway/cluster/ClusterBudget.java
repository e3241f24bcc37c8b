package io.agentmonitor.gateway.cluster;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;

/**
 * The upstream budget of all replicas together: one schedule in Redis ({@code <prefix>budget}) that
 * hands out one permit every {@code 1 s / searches-per-second}, by Redis' own clock, so no one-second
 * window sees more searches than the budget whatever the number of replicas. A GCRA script: the key
 * holds the time (microseconds) of the next free slot; a caller takes the next slot if it comes within
 * the wait it can afford and waits for it, so one round trip buys a permit, in order of asking.
 */
@ApplicationScoped
public class ClusterBudget {

    private static final String RESERVE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
            if slot < now then slot = now end
            local wait = slot - now
            if wait > tonumber(ARGV[2]) then return -1 end
            local after = slot + tonumber(ARGV[1])
            redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.ceil((after - now) / 1000) + 1000)
            return wait
            """;

    private final RedisLink redis;
    private final String key;
    private final String interval;

    ClusterBudget(RedisLink redis, GatewayConfig config) {
        this.redis = redis;
        this.key = redis.key("budget");
        this.interval = String.valueOf((long) Math.ceil(1_000_000.0 / config.budget().searchesPerSecond()));
    }

    /** Whether the budget is shared at all; when it is not, each process keeps its own. */
    public boolean enabled() {
        return redis.enabled();
    }

    /** Whether the shared budget can be asked now; when not, each replica keeps to its fair share. */
    public boolean usable() {
        return redis.usable();
    }

    /**
     * Reserves the next permit of the shared schedule if it comes within {@code maxWait}: the item is
     * the wait before it may be used, empty when no permit is free in time. Fails with
     * {@link RedisLink.RedisDownException} when Redis cannot be asked (the caller then keeps to its
     * fair share locally).
     */
    public Uni<Optional<Duration>> reserve(Duration maxWait) {
        return redis.execute("EVAL", RESERVE, "1", key, interval, String.valueOf(maxWait.toNanos() / 1000))
                .map(answer -> {
                    long wait = answer.toLong();
                    return wait < 0 ? Optional.<Duration>empty() : Optional.of(Duration.ofNanos(wait * 1000));
                })
                .onFailure().recoverWithUni(failure -> redis.usable()
                        // Still up after a slow answer: the permit may be reserved, so count it as refused
                        // rather than spend a local one on top (the caller asks again within its wait).
                        ? Uni.createFrom().item(Optional.<Duration>empty())
                        : Uni.createFrom().failure(failure));
    }
}
