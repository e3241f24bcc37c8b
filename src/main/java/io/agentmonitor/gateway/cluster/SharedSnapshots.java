package io.agentmonitor.gateway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.cache.CachedSnapshot;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The snapshot tier in Redis behind each replica's own cache, with one refresh lease per view.
 * <ul>
 * <li>{@code <prefix>snapshot:<view>}: {@code v2|fetchedAtMillis|flags|mac|json}, living until the
 * answer is {@code max-staleness} old; the MAC ({@link SignedValues}) covers the key and the rest;</li>
 * <li>{@code <prefix>lease:<view>}: the replica that is refreshing the view, for at most
 * {@code lease-duration} (so a crashed replica never blocks a view for longer);</li>
 * <li>channel {@code <prefix>changes}: {@code v2 <mac> <replica> <view>} after every shared answer;</li>
 * <li>channel {@code <prefix>logouts}: {@code v2 <mac> <replica> <epochMillis> <user_id>} after every logout.</li>
 * </ul>
 * A replica asks {@link #lookup} before it calls the upstream: one atomic script answers the shared
 * snapshot when it is fresh enough, or else grants the lease to at most one replica. When Redis is off
 * or down, every lookup answers {@link Verdict#LOCAL}: the replica refreshes on its own.
 */
@ApplicationScoped
public class SharedSnapshots {

    // Fresh enough when fetched at or after ARGV[3] (the MAC is checked by the replica that reads it);
    // otherwise the lease, if nobody else holds it. A
    // replica finding its own lease (kept after a failed refresh, or not yet given back after a put-off
    // one) takes it again: it refreshes each view one at a time anyway.
    private static final String LOOKUP = """
            local v = redis.call('GET', KEYS[1])
            if v then
              local fetched = tonumber(string.match(v, '^v2|(%d+)|'))
              if fetched and fetched >= tonumber(ARGV[3]) then return {'fresh', v} end
            end
            local holder = redis.call('GET', KEYS[2])
            local ttl = redis.call('PTTL', KEYS[2])
            -- A lease no replica took: one that never expires, or runs longer than a lease may.
            if holder and (ttl < 0 or ttl > tonumber(ARGV[2])) then holder = nil end
            if not holder or holder == ARGV[1] then
              redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
              return {'leased', v or ''}
            end
            return {'busy', v or '', redis.call('PTTL', KEYS[2])}
            """;
    // Stores an answer, tells the other replicas, and gives the lease back if this replica holds it.
    private static final String SHARE = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            if ARGV[5] == '1' and redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
            redis.call('PUBLISH', ARGV[4], ARGV[6])
            return 1
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** What a replica should do about a view it wants to refresh. */
    public enum Verdict {
        /** Another replica's answer is fresh enough: use it, call nobody. */
        FRESH,
        /** This replica holds the lease: call the upstream, then {@link #share}. */
        LEASED,
        /**
         * Another replica holds the lease: keep the current answer, the new one arrives as a change
         * notice; look again when the lease runs out in case its holder died.
         */
        BUSY,
        /** Redis is off or down: refresh alone, as a single process would. */
        LOCAL
    }

    /**
     * A lookup's verdict, the shared answer when Redis holds one (or null), and when {@code BUSY} how
     * long the other replica's lease still runs.
     */
    public record Lookup(Verdict verdict, CachedSnapshot snapshot, Duration leaseLeft) {
        static final Lookup LOCAL = new Lookup(Verdict.LOCAL, null, Duration.ZERO);
        static final Lookup SLOW = new Lookup(Verdict.BUSY, null, Duration.ZERO);
    }

    /** What the snapshot cache does with notices from the other replicas. */
    public interface Listener {
        /** Whether this replica caches the view (only those are worth reading from Redis). */
        boolean holds(SearchQuery query);

        /** Another replica shared a new answer for the view. */
        void adopt(SearchQuery query, CachedSnapshot snapshot);

        /** Another replica logged an agent out at {@code at}. */
        void agentLoggedOut(String userId, Instant at);
    }

    /** The largest shared answer read: about 27 times the 5,000-agent answer of the benchmark. */
    static final int MAX_VALUE_CHARS = 8 * 1024 * 1024;
    /** How far ahead of this replica's clock another replica's may run. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final RedisLink redis;
    private final ObjectMapper json;
    private final Duration maxStaleness;
    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry registry;
    private final String changes;
    private final String logouts;
    private final RejectedValues rejected;
    private final SignedValues signed;
    private volatile Listener listener;
    // Only the latest subscription's end means Redis was lost: older ones end when they are replaced.
    private final AtomicInteger subscription = new AtomicInteger();

    SharedSnapshots(RedisLink redis, ObjectMapper json, GatewayConfig config, MeterRegistry registry,
            RejectedValues rejected, SignedValues signed) {
        this.redis = redis;
        this.rejected = rejected;
        this.signed = signed;
        this.json = json;
        this.maxStaleness = config.cache().maxStaleness();
        this.registry = registry;
        this.changes = redis.key("changes");
        this.logouts = redis.key("logouts");
    }

    /**
     * The shared answer if it was fetched at or after {@code freshAfter}; otherwise the lease if no
     * replica holds it. {@link Verdict#LOCAL} when Redis is off, down, or fails to answer in time.
     */
    public Uni<Lookup> lookup(SearchQuery query, Instant freshAfter) {
        if (!redis.usable()) {
            return Uni.createFrom().item(Lookup.LOCAL);
        }
        String view = ViewKey.of(query);
        return redis.execute("EVAL", LOOKUP, "2", snapshotKey(view), leaseKey(view), redis.replicaId(),
                String.valueOf(redis.config().leaseDuration().toMillis()), String.valueOf(freshAfter.toEpochMilli()))
                .map(answer -> {
                    String result = answer.get(0).toString();
                    registry.counter("gateway.cache.shared.lookups", "result", result).increment();
                    Verdict verdict = Verdict.valueOf(result.toUpperCase(Locale.ROOT));
                    Duration leaseLeft = answer.size() > 2 ? Duration.ofMillis(Math.max(0, answer.get(2).toLong()))
                            : Duration.ZERO;
                    CachedSnapshot shared = decode(snapshotKey(view), answer.get(1).toString());
                    if (verdict == Verdict.FRESH && shared == null) {
                        // "Fresh" by a value this replica cannot use: as if Redis had nothing, and without
                        // a lease the script did not grant. The next answer shared overwrites it.
                        return Lookup.LOCAL;
                    }
                    return new Lookup(verdict, shared, leaseLeft);
                })
                // Still up after a slow answer: the lease may be ours or another's, so call nobody for now.
                .onFailure().recoverWithItem(() -> redis.usable() ? Lookup.SLOW : Lookup.LOCAL);
    }

    /** Stores a new answer of the view, gives its lease back, and tells the other replicas. */
    public void share(SearchQuery query, CachedSnapshot snapshot) {
        write(query, snapshot, true);
    }

    /**
     * Stores that the view's latest refresh failed, keeping the lease until it expires, so that the
     * replicas try a failing upstream at most once per lease for this view.
     */
    public void shareFailure(SearchQuery query, CachedSnapshot snapshot) {
        write(query, snapshot, false);
    }

    /** Gives the view's lease back without an answer (the refresh was put off for lack of budget). */
    public void release(SearchQuery query) {
        if (redis.usable()) {
            redis.execute("EVAL", RELEASE, "1", leaseKey(ViewKey.of(query)), redis.replicaId())
                    .subscribe().with(ok -> {
                    }, failure -> {
                    });
        }
    }

    /** Tells the other replicas that an agent was logged out, so they refresh the views showing them. */
    public void announceLogout(String userId, Instant at) {
        if (redis.usable()) {
            redis.execute("PUBLISH", logouts, signedNotice(logouts, redis.replicaId() + " " + at.toEpochMilli() + " " + userId))
                    .subscribe().with(ok -> {
                    }, failure -> {
                    });
        }
    }

    /** Starts listening to the other replicas' notices, again after every Redis outage. */
    public void listen(Listener listener) {
        this.listener = listener;
        if (redis.enabled()) {
            redis.onRecovery(this::subscribe);
            subscribe();
        }
    }

    private void subscribe() {
        if (!redis.usable()) {
            return;
        }
        int current = subscription.incrementAndGet();
        redis.dataSource().pubsub(String.class)
                .subscribe(List.of(changes, logouts), this::received, () -> ended(current, new RedisLink.RedisDownException()),
                        failure -> ended(current, failure))
                .subscribe().with(subscribed -> Log.debugf("Listening to %s and %s", changes, logouts),
                        failure -> ended(current, failure));
    }

    private void ended(int ended, Throwable failure) {
        if (ended == subscription.get()) {
            redis.lost(failure);
        }
    }

    /** A notice as published: the format, its MAC, then what it says. */
    private String signedNotice(String channel, String says) {
        return SignedValues.VERSION + " " + signed.sign(channel, says) + " " + says;
    }

    private void received(String channel, String message) {
        try {
            String[] signedParts = message.split(" ", 3);
            if (signedParts.length < 3 || !SignedValues.VERSION.equals(signedParts[0])
                    || !signed.verifies(channel, signedParts[2], signedParts[1])) {
                rejected.rejected("notice", "a notice that is not signed with this deployment's key");
                return;
            }
            String[] parts = signedParts[2].split(" ", 3);
            if (parts.length < 2 || parts[0].equals(redis.replicaId()) || listener == null) {
                return;
            }
            if (channel.equals(logouts)) {
                Instant at = parts.length == 3 ? instant(parts[1]) : null;
                if (at == null || parts[2].isEmpty() || parts[2].length() > 64) {
                    rejected.rejected("notice", "a logout notice that does not parse");
                    return;
                }
                listener.agentLoggedOut(parts[2], at);
            } else if (channel.equals(changes)) {
                ViewKey.parse(parts[1]).filter(listener::holds).ifPresent(query -> redis
                        .execute("GET", snapshotKey(parts[1]))
                        .map(value -> value == null ? null : decode(snapshotKey(parts[1]), value.toString()))
                        .subscribe().with(snapshot -> {
                            if (snapshot != null) {
                                listener.adopt(query, snapshot);
                            }
                        }, failure -> {
                        }));
            }
        } catch (RuntimeException e) {
            // Whatever a notice holds, the subscription lives on.
            rejected.rejected("notice", e.getClass().getSimpleName());
        }
    }

    /** A notice's time, if it is one within the maximum staleness of now (a logout older or newer is no news). */
    private Instant instant(String millis) {
        try {
            Instant at = Instant.ofEpochMilli(Long.parseLong(millis));
            Instant now = clock.instant();
            return at.isAfter(now.minus(maxStaleness)) && at.isBefore(now.plus(CLOCK_SKEW)) ? at : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void write(SearchQuery query, CachedSnapshot snapshot, boolean releaseLease) {
        long ttl = maxStaleness.minus(snapshot.age(clock.instant())).toMillis();
        if (!redis.usable() || ttl <= 0) {
            return;
        }
        String view = ViewKey.of(query);
        String key = snapshotKey(view);
        String value;
        try {
            // Flags: 1 or 0 (failing or not), then n and the upstream's code for a "not found" answer.
            String time = String.valueOf(snapshot.fetchedAt().toEpochMilli());
            String flags = (snapshot.upstreamFailing() ? "1" : "0")
                    + (snapshot.notFound() == null ? "" : "n" + snapshot.notFound());
            String body = json.writeValueAsString(snapshot.data());
            value = SignedValues.VERSION + "|" + time + "|" + flags + "|" + signed.sign(key, time + "|" + flags + "|" + body)
                    + "|" + body;
        } catch (JsonProcessingException e) {
            Log.warnf("Cannot share the answer of a view: %s", e.getClass().getSimpleName());
            return;
        }
        redis.execute("EVAL", SHARE, "2", key, leaseKey(view), value, String.valueOf(ttl),
                redis.replicaId(), changes, releaseLease ? "1" : "0", signedNotice(changes, redis.replicaId() + " " + view))
                .subscribe().with(ok -> {
                }, failure -> {
                });
    }

    /**
     * The shared answer, or null when there is none or this replica will not use it: another
     * version's format, a value that does not parse, an oversized one, a fetch time in the future or
     * older than the maximum staleness, or an answer without its agents. Rejections are counted.
     */
    private CachedSnapshot decode(String key, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_VALUE_CHARS) {
            rejected.rejected("snapshot", "larger than " + MAX_VALUE_CHARS + " characters");
            return null;
        }
        // v2|fetchedAtMillis|flags|mac|json
        String[] parts = value.split("\\|", 5);
        if (parts.length < 5 || !SignedValues.VERSION.equals(parts[0])) {
            rejected.rejected("snapshot", "not a " + SignedValues.VERSION + " value (another version or no format at all)");
            return null;
        }
        if (!signed.verifies(key, parts[1] + "|" + parts[2] + "|" + parts[4], parts[3])) {
            rejected.rejected("snapshot", "not signed with this deployment's key for this view");
            return null;
        }
        try {
            Instant fetchedAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
            Instant now = clock.instant();
            if (fetchedAt.isAfter(now.plus(CLOCK_SKEW)) || fetchedAt.isBefore(now.minus(maxStaleness))) {
                rejected.rejected("snapshot", "a fetch time outside the maximum staleness of now");
                return null;
            }
            String flags = parts[2];
            if (!flags.matches("[01](n\\d{1,9})?")) {
                rejected.rejected("snapshot", "unknown flags");
                return null;
            }
            int n = flags.indexOf('n');
            Integer notFound = n < 0 ? null : Integer.valueOf(flags.substring(n + 1));
            AgentMonitorSnapshot data = json.readValue(parts[4], AgentMonitorSnapshot.class);
            if (data == null || data.agents() == null
                    || data.agents().stream().anyMatch(agent -> agent == null || agent.userId() == null)) {
                rejected.rejected("snapshot", "an answer without its agents");
                return null;
            }
            return new CachedSnapshot(data, fetchedAt, flags.startsWith("1"), null, notFound);
        } catch (JsonProcessingException | RuntimeException e) {
            rejected.rejected("snapshot", e.getClass().getSimpleName());
            return null;
        }
    }

    private String snapshotKey(String view) {
        return redis.key("snapshot:" + view);
    }

    private String leaseKey(String view) {
        return redis.key("lease:" + view);
    }
}
