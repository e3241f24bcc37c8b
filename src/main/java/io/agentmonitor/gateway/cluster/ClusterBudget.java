package io.agentmonitor.gateway.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;

/**
 * The upstream budget of all replicas together: one schedule in Redis ({@code <prefix>budget}) that
 * hands out one permit every {@code 1 s / searches-per-second} (plus a margin for permits used a
 * little late), by Redis' own clock, so no one-second
 * window sees more searches than the budget whatever the number of replicas. A GCRA script: the key
 * holds the time (microseconds) of the next free slot; a caller takes the next slot if it comes within
 * the wait it can afford and waits for it, so one round trip buys a permit, in order of asking.
 */
@ApplicationScoped
public class ClusterBudget {

    private static final String RESERVE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local ok, stored = pcall(redis.call, 'GET', KEYS[1])
            local slot = ok and tonumber(stored or '0') or nil
            local reset = 0
            if not slot or slot ~= slot or slot > now + tonumber(ARGV[4]) then
              -- No schedule the replicas wrote: no number, or a slot further ahead than any permit they reserve.
              slot = 0
              reset = 1
              if not ok then redis.call('DEL', KEYS[1]) end
            end
            local earliest = now + tonumber(ARGV[3])
            if slot < earliest then slot = earliest end
            local wait = slot - now
            if wait > tonumber(ARGV[2]) then return {-1, reset} end
            local after = slot + tonumber(ARGV[1])
            redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.ceil((after - now) / 1000) + 1000)
            return {wait, reset}
            """;

    private final RedisLink redis;
    private final RejectedValues rejected;
    private final String key;
    private final String interval;
    private final String horizon;

    ClusterBudget(RedisLink redis, GatewayConfig config, RejectedValues rejected) {
        this.redis = redis;
        this.rejected = rejected;
        this.key = redis.key("budget");
        // A permit may be used up to allowedLateness after its slot (see SearchBudget), so slots are
        // spaced for N permits in 1 s plus that lateness: no one-second window, wherever it starts,
        // can then hold more than N searches, late ones included.
        int perSecond = config.budget().searchesPerSecond();
        long micros = TimeUnit.SECONDS.toMicros(1) + allowedLateness(perSecond).toNanos() / 1000;
        this.interval = String.valueOf((micros + perSecond - 1) / perSecond);
        // No replica reserves a slot further ahead than the longest permit wait and one interval:
        // a schedule beyond that (with a second to spare) is none the replicas wrote, and is replaced.
        this.horizon = String.valueOf(config.budget().permitWait().plusSeconds(1).toNanos() / 1000 + Long.parseLong(interval));
    }

    /**
     * How late after its slot a shared permit may still be used: half a permit interval, and at least
     * 100 ms (a Redis round trip and the event-loop lag of a saturated replica), which the schedule's
     * spacing makes room for.
     */
    public static Duration allowedLateness(int perSecond) {
        Duration half = Duration.ofNanos(TimeUnit.SECONDS.toNanos(1) / perSecond / 2);
        Duration floor = Duration.ofMillis(100);
        return half.compareTo(floor) > 0 ? half : floor;
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
     * Reserves the next permit of the shared schedule, no sooner than {@code lead} from now (the time
     * the answer takes to reach the caller), if it comes within {@code maxWait}: the item is the wait
     * before it may be used, empty when no permit is free in time. Fails with
     * {@link RedisLink.RedisDownException} when Redis cannot be asked (the caller then keeps to its
     * fair share locally).
     */
    public Uni<Optional<Duration>> reserve(Duration maxWait, Duration lead) {
        return redis.execute("EVAL", RESERVE, "1", key, interval, String.valueOf(maxWait.toNanos() / 1000),
                String.valueOf(lead.toNanos() / 1000), horizon)
                .map(answer -> {
                    if (answer.get(1).toLong() == 1) {
                        rejected.rejected("budget", "a schedule no replica wrote");
                    }
                    long wait = answer.get(0).toLong();
                    return wait < 0 ? Optional.<Duration>empty() : Optional.of(Duration.ofNanos(wait * 1000));
                })
                .onFailure().recoverWithUni(failure -> redis.usable()
                        // Still up after a slow answer: the permit may be reserved, so count it as refused
                        // rather than spend a local one on top (the caller asks again within its wait).
                        ? Uni.createFrom().item(Optional.<Duration>empty())
                        : Uni.createFrom().failure(failure));
    }
}
