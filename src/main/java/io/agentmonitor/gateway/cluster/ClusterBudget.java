package io.agentmonitor.gateway.cluster;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;

/**
 * The upstream budget of all replicas together: one bucket in Redis ({@code <prefix>budget}) that
 * holds one permit and refills one every {@code 1 s / searches-per-second}, by Redis' own clock, so
 * no one-second window sees more searches than the budget whatever the number of replicas. A GCRA
 * script: the key holds the time (microseconds) from which the next permit may be taken.
 */
@ApplicationScoped
public class ClusterBudget {

    private static final String TAKE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local next = tonumber(redis.call('GET', KEYS[1]) or '0')
            if next > now then return 0 end
            redis.call('SET', KEYS[1], string.format('%.0f', now + tonumber(ARGV[1])), 'PX', ARGV[2])
            return 1
            """;

    private final RedisLink redis;
    private final String key;
    private final String interval;
    private final String expiry;

    ClusterBudget(RedisLink redis, GatewayConfig config) {
        this.redis = redis;
        this.key = redis.key("budget");
        long micros = (long) Math.ceil(1_000_000.0 / config.budget().searchesPerSecond());
        this.interval = String.valueOf(micros);
        this.expiry = String.valueOf(micros / 1000 + 1000);
    }

    /** Whether the budget is shared at all; when it is not, each process keeps its own. */
    public boolean enabled() {
        return redis.enabled();
    }

    /**
     * Takes a permit from the shared bucket: true when taken, false when the bucket is empty, empty
     * when Redis cannot be asked (the caller then keeps to its fair share locally).
     */
    public Uni<Optional<Boolean>> tryTake() {
        if (!redis.usable()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return redis.execute("EVAL", TAKE, "1", key, interval, expiry)
                .map(answer -> Optional.of(answer.toInteger() == 1))
                // Still up after a slow answer: the permit may have been taken, so count it as refused
                // rather than spend a local one on top (the caller retries within its wait).
                .onFailure().recoverWithItem(() -> redis.usable() ? Optional.of(false) : Optional.empty());
    }
}
