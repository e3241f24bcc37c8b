package io.agentmonitor.gateway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Bounded sets of expiring leases, counted for the whole deployment: at most {@code limit} members
 * under one name at a time, each until its lease runs out unless renewed or released. Per-caller
 * limits stand on it (a caller's open streams, live views, recent logouts). In Redis each set is a
 * sorted set scored by expiry, checked and added to atomically by one script; every replica also
 * keeps its own members, and decides by them alone while Redis is disabled or unreachable (then
 * each replica admits up to the limit: the deployment may admit more, never a replica fewer).
 */
@ApplicationScoped
public class SharedLeases {

    /**
     * KEYS[1] the set; ARGV: member, limit, lease (ms). Drops expired members; renews a member held
     * already; else adds it if the set has room. Answers {admitted (1/0), ms until the first lease
     * runs out}. A key of another type (not written by a gateway) is dropped, not trusted, and so are
     * members leased for longer than a lease lasts (no replica writes them).
     */
    private static final String ACQUIRE = """
            local kind = redis.call('TYPE', KEYS[1])['ok']
            if kind ~= 'zset' and kind ~= 'none' then redis.call('DEL', KEYS[1]) end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local lease = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '(' .. (now + lease), '+inf')
            local admitted = 0
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
              redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
              admitted = 1
            end
            local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local wait = 0
            if first[2] then wait = tonumber(first[2]) - now end
            if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
            return {admitted, wait}
            """;

    /** KEYS[1] the set; ARGV: lease (ms), members. Renews the members still held; adds none. */
    private static final String RENEW = """
            local kind = redis.call('TYPE', KEYS[1])['ok']
            if kind ~= 'zset' and kind ~= 'none' then redis.call('DEL', KEYS[1]) end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local lease = tonumber(ARGV[1])
            for i = 2, #ARGV do
              redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[i])
            end
            if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
            return 1
            """;

    /** KEYS[1] the set; ARGV: member. Gives the member's lease back, if the key is a set of leases at all. */
    private static final String RELEASE = """
            if redis.call('TYPE', KEYS[1])['ok'] == 'zset' then return redis.call('ZREM', KEYS[1], ARGV[1]) end
            return 0
            """;

    /** Whether a lease was granted, and how long until the set's first lease runs out. */
    public record Admission(boolean admitted, Duration firstExpiry) {
    }

    private final RedisLink redis;
    private final Clock clock;
    /** This replica's members of each set, with the epoch millisecond their lease runs out. */
    private final ConcurrentHashMap<String, Map<String, Long>> local = new ConcurrentHashMap<>();
    private final AtomicInteger untilSweep = new AtomicInteger();

    SharedLeases(RedisLink redis) {
        this.redis = redis;
        this.clock = Clock.systemUTC();
    }

    /** Takes (or renews) {@code member}'s lease in set {@code name}, if the set holds fewer than {@code limit}. */
    public Uni<Admission> acquire(String name, String member, int limit, Duration lease) {
        if (!redis.usable()) {
            return Uni.createFrom().item(acquireLocally(name, member, limit, lease));
        }
        return redis.execute("EVAL", ACQUIRE, "1", redis.key("leases:" + name), member, String.valueOf(limit),
                String.valueOf(lease.toMillis()))
                .map(answer -> admission(answer, name, member, lease))
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Shared lease %s decided locally: %s", name, failure.getClass().getSimpleName());
                    return acquireLocally(name, member, limit, lease);
                });
    }

    /** Renews the leases of members still held; fire and forget. */
    public void renew(String name, List<String> members, Duration lease) {
        long until = clock.millis() + lease.toMillis();
        Map<String, Long> mine = local.get(name);
        if (mine != null) {
            members.forEach(member -> mine.computeIfPresent(member, (m, old) -> until));
        }
        if (!members.isEmpty() && redis.usable()) {
            List<String> command = new ArrayList<>(List.of(RENEW, "1", redis.key("leases:" + name),
                    String.valueOf(lease.toMillis())));
            command.addAll(members);
            redis.execute("EVAL", command.toArray(String[]::new)).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }

    /** Gives {@code member}'s lease back before it runs out; fire and forget. */
    public void release(String name, String member) {
        local.computeIfPresent(name, (n, members) -> {
            members.remove(member);
            return members.isEmpty() ? null : members;
        });
        if (redis.usable()) {
            redis.execute("EVAL", RELEASE, "1", redis.key("leases:" + name), member).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }

    private Admission admission(Response answer, String name, String member, Duration lease) {
        boolean admitted = answer.get(0).toInteger() == 1;
        if (admitted) {
            remember(name, member, clock.millis() + lease.toMillis());
        }
        return new Admission(admitted, Duration.ofMillis(Math.max(0, answer.get(1).toLong())));
    }

    private Admission acquireLocally(String name, String member, int limit, Duration lease) {
        long now = clock.millis();
        boolean[] admitted = {false};
        long[] first = {0};
        local.compute(name, (n, members) -> {
            Map<String, Long> set = members != null ? members : new ConcurrentHashMap<>();
            set.values().removeIf(until -> until <= now);
            if (set.containsKey(member) || set.size() < limit) {
                set.put(member, now + lease.toMillis());
                admitted[0] = true;
            }
            first[0] = set.values().stream().mapToLong(until -> until - now).min().orElse(0);
            return set;
        });
        sweepNowAndThen();
        return new Admission(admitted[0], Duration.ofMillis(Math.max(0, first[0])));
    }

    private void remember(String name, String member, long until) {
        local.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(member, until);
        sweepNowAndThen();
    }

    /** Now and then, drops the sets whose every lease has run out (nobody asked for them again). */
    private void sweepNowAndThen() {
        if (untilSweep.incrementAndGet() % 1024 != 0) {
            return;
        }
        long now = clock.millis();
        local.keySet().forEach(name -> local.computeIfPresent(name, (n, members) -> {
            members.values().removeIf(until -> until <= now);
            return members.isEmpty() ? null : members;
        }));
    }
}
