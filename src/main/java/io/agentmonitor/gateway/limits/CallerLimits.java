package io.agentmonitor.gateway.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.agentmonitor.gateway.cluster.SharedLeases;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The per-caller limits ({@code gateway.limits.*}), by subject and for the whole deployment
 * ({@link SharedLeases}): open streams, distinct live views, logout attempts per minute. A refusal is
 * a {@link LimitExceededException}, counted in {@code gateway_limits_refused_total{limit}} and logged
 * at most once per subject and limit per minute; it changes nothing.
 */
@ApplicationScoped
public class CallerLimits {

    /** How long an open stream's lease lasts unless renewed: a replica that dies frees its streams so late. */
    static final Duration STREAM_LEASE = Duration.ofSeconds(30);
    private static final Duration LOGOUT_WINDOW = Duration.ofMinutes(1);

    private final SharedLeases leases;
    private final GatewayConfig.Limits config;
    private final Vertx vertx;
    private final Map<String, Counter> refused;
    /** Views each subject was admitted to recently: reads of them need not ask the shared sets. */
    private final Cache<String, Boolean> admittedViews;
    private final Cache<String, Boolean> loggedRefusals;
    private final Set<StreamGrant> open = ConcurrentHashMap.newKeySet();
    private final long renewal;

    CallerLimits(SharedLeases leases, GatewayConfig config, MeterRegistry registry, Vertx vertx) {
        this.leases = leases;
        this.config = config.limits();
        this.vertx = vertx;
        this.refused = Map.of("streams", counter(registry, "streams"), "views", counter(registry, "views"),
                "logouts", counter(registry, "logouts"));
        this.admittedViews = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(this.config.viewIdle().dividedBy(3)).build();
        this.loggedRefusals = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();
        this.renewal = vertx.setPeriodic(STREAM_LEASE.dividedBy(3).toMillis(), ignored -> renewOpenStreams());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(renewal);
    }

    /** An open stream's hold on its lease and its view, renewed until {@link #release()}. */
    public final class StreamGrant {

        private final String subject;
        private final String stream = UUID.randomUUID().toString();
        private final String view;

        private StreamGrant(String subject, String view) {
            this.subject = subject;
            this.view = view;
        }

        /** The stream ended: its lease goes back at once; its view stays live for the idle time. */
        public void release() {
            if (open.remove(this)) {
                leases.release("streams:" + subject, stream);
            }
        }
    }

    /**
     * Admits a stream of the caller's view {@code view} (any stable name of scope and filters). A
     * stream opened with {@code Last-Event-ID} replaces one the client is about to close, so it may
     * overlap it: such a stream is admitted one over the limit.
     */
    public Uni<StreamGrant> admitStream(Caller caller, String view, boolean resuming) {
        String subject = subjectKey(caller);
        int limit = streamLimit(caller) + (resuming ? 1 : 0);
        StreamGrant grant = new StreamGrant(subject, view);
        return leases.acquire("streams:" + subject, grant.stream, limit, STREAM_LEASE).flatMap(admission -> {
            if (!admission.admitted()) {
                return Uni.createFrom().failure(refuse(caller, "streams", "You have " + streamLimit(caller)
                        + " streams open, the most one user may; close one first.", STREAM_LEASE));
            }
            return admitView(caller, view).onFailure().invoke(failure -> leases.release("streams:" + subject,
                    grant.stream)).map(ignored -> {
                        open.add(grant);
                        return grant;
                    });
        });
    }

    /** Admits a read of the caller's view {@code view}, unless they keep too many other views alive. */
    public Uni<Void> admitView(Caller caller, String view) {
        String key = caller.subject() + ' ' + view;
        if (admittedViews.getIfPresent(key) != null) {
            return Uni.createFrom().voidItem();
        }
        return leases.acquire("views:" + subjectKey(caller), view, config.viewsPerSubject(), config.viewIdle())
                .flatMap(admission -> {
                    if (!admission.admitted()) {
                        return Uni.createFrom().failure(refuse(caller, "views", "You keep "
                                + config.viewsPerSubject() + " different views alive, the most one user may; "
                                + "a view you stop reading counts for " + config.viewIdle().toSeconds() + " s more.",
                                admission.firstExpiry()));
                    }
                    admittedViews.put(key, Boolean.TRUE);
                    return Uni.createFrom().voidItem();
                });
    }

    /** Whether a read of {@code view} by the caller was admitted recently enough to need no check. */
    public boolean recentlyAdmitted(Caller caller, String view) {
        return admittedViews.getIfPresent(caller.subject() + ' ' + view) != null;
    }

    /** Admits one logout attempt of the caller, unless they made too many in the last minute. */
    public Uni<Void> admitLogout(Caller caller) {
        String subject = subjectKey(caller);
        return leases.acquire("logouts:" + subject, UUID.randomUUID().toString(), config.logoutsPerMinute(),
                LOGOUT_WINDOW).flatMap(admission -> admission.admitted() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(refuse(caller, "logouts", "You made "
                                + config.logoutsPerMinute() + " logout attempts in the last minute, the most one "
                                + "user may.", admission.firstExpiry())));
    }

    /** The most streams the caller may hold: the default, or more for a role that carries more. */
    int streamLimit(Caller caller) {
        int limit = config.streamsPerSubject();
        for (Map.Entry<String, Integer> role : config.streamsPerRole().entrySet()) {
            if (caller.roles().contains(role.getKey())) {
                limit = Math.max(limit, role.getValue());
            }
        }
        return limit;
    }

    private LimitExceededException refuse(Caller caller, String limit, String detail, Duration retryAfter) {
        refused.get(limit).increment();
        if (loggedRefusals.asMap().putIfAbsent(caller.subject() + ' ' + limit, Boolean.TRUE) == null) {
            Log.infof("Refused requests of %s over the %s limit (further refusals within a minute are not logged)",
                    caller.username(), limit);
        }
        return new LimitExceededException(detail, retryAfter);
    }

    private void renewOpenStreams() {
        Map<String, List<StreamGrant>> bySubject = new HashMap<>();
        open.forEach(grant -> bySubject.computeIfAbsent(grant.subject, s -> new ArrayList<>()).add(grant));
        bySubject.forEach((subject, grants) -> {
            leases.renew("streams:" + subject, grants.stream().map(g -> g.stream).toList(), STREAM_LEASE);
            leases.renew("views:" + subject, grants.stream().map(g -> g.view).distinct().toList(), config.viewIdle());
        });
    }

    /** A subject as a set name: hashed, so Redis holds no user ids and every name has one length. */
    private static String subjectKey(Caller caller) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(caller.subject().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static Counter counter(MeterRegistry registry, String limit) {
        return Counter.builder("gateway.limits.refused").description("Requests refused by a per-caller limit")
                .tag("limit", limit).register(registry);
    }
}
