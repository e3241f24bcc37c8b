package io.agentmonitor.gateway.cluster;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.config.RedisConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

/**
 * This replica's line to Redis, and whether it is up. Every command is bounded by
 * {@code gateway.redis.command-timeout}. A broken connection or an error marks Redis down at once. A
 * timeout only makes Redis suspect: a PING with a longer timeout ({@code 4 x command-timeout}, at
 * least 2 s) decides, because a replica whose CPU is saturated reads answers late without Redis being
 * gone. Once down, no command is sent until a probe every {@code probe-interval} gets an answer again.
 * Both transitions are logged once. Callers ask {@link #usable()} first and fall back to their local
 * means when it is false, so a dead Redis costs a reader at most a few command timeouts, once.
 */
@ApplicationScoped
public class RedisLink {

    private final RedisConfig config;
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final String replicaId;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final Duration verifyTimeout;
    private final AtomicBoolean verifying = new AtomicBoolean();
    private final AtomicInteger upGauge = new AtomicInteger();
    private final Counter errors;
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
    private volatile long probeTimer = -1;
    private volatile boolean stopping;

    // The data source connects on its first command only: with Redis off, no connection is ever opened.
    RedisLink(GatewayConfig config, ReactiveRedisDataSource redis, Vertx vertx, MeterRegistry registry) {
        this.config = config.redis();
        this.redis = redis;
        this.vertx = vertx;
        this.replicaId = this.config.replicaId().orElseGet(RedisLink::defaultReplicaId);
        this.errors = registry.counter("gateway.redis.errors");
        Duration fourTimeouts = this.config.commandTimeout().multipliedBy(4);
        this.verifyTimeout = fourTimeouts.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : fourTimeouts;
        if (this.config.enabled()) {
            upGauge.set(1);
            registry.gauge("gateway.redis.up", upGauge);
        }
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        execute("PING").subscribe().with(
                ok -> Log.infof("Redis reachable: replica %s shares snapshots, leases and the upstream budget",
                        replicaId),
                failure -> {
                });
    }

    void stop(@Observes ShutdownEvent event) {
        // Connections closed by the shutdown itself are not an outage.
        stopping = true;
    }

    /** Whether the replicas share through Redis at all ({@code gateway.redis.enabled}). */
    public boolean enabled() {
        return config.enabled();
    }

    /** Enabled and reachable as far as this replica knows: worth sending a command. */
    public boolean usable() {
        return config.enabled() && up.get();
    }

    /** {@code up}, {@code down} or {@code disabled}, for readiness details. */
    public String state() {
        return !config.enabled() ? "disabled" : up.get() ? "up" : "down";
    }

    public String replicaId() {
        return replicaId;
    }

    public RedisConfig config() {
        return config;
    }

    /** A key or channel name under this gateway's prefix. */
    public String key(String name) {
        return config.keyPrefix() + name;
    }

    /**
     * One command, failing fast with {@link RedisDownException} when Redis is known to be down. A
     * failed command marks Redis down; a command that outlasts the command timeout fails with
     * {@link RedisTimeoutException}, and several in a row mark Redis down. After a failure, callers
     * that find Redis still {@link #usable()} should assume the command may have taken effect.
     */
    public Uni<Response> execute(String command, String... args) {
        if (!usable()) {
            return Uni.createFrom().failure(new RedisDownException());
        }
        return redis.execute(command, args)
                .ifNoItem().after(config.commandTimeout()).failWith(RedisTimeoutException::new)
                .onFailure().invoke(this::failed);
    }

    private void failed(Throwable failure) {
        if (!(failure instanceof RedisTimeoutException)) {
            lost(failure);
            return;
        }
        errors.increment();
        if (verifying.compareAndSet(false, true)) {
            redis.execute("PING").ifNoItem().after(verifyTimeout).fail()
                    .onTermination().invoke(() -> verifying.set(false))
                    .subscribe().with(ok -> Log.debugf("Redis answered late, but it answers"), this::lost);
        }
    }

    ReactiveRedisDataSource dataSource() {
        return redis;
    }

    /** Runs {@code listener} each time Redis comes back after being down. */
    void onRecovery(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /** Marks Redis down after a failed command or a lost subscription, and starts probing it. */
    void lost(Throwable failure) {
        if (stopping) {
            return;
        }
        errors.increment();
        if (!up.compareAndSet(true, false)) {
            return;
        }
        upGauge.set(0);
        // The exception's class only: messages of connection failures may carry the Redis URL.
        Log.warnf("Redis is unreachable (%s): replica %s serves from its own cache and keeps to 1/%d of the "
                + "upstream budget until it is back", failure.getClass().getSimpleName(), replicaId,
                config.expectedReplicas());
        probeTimer = vertx.setPeriodic(config.probeInterval().toMillis(), timer -> probe());
    }

    private void probe() {
        redis.execute("PING").ifNoItem().after(config.commandTimeout()).fail().subscribe().with(
                ok -> recovered(), failure -> errors.increment());
    }

    private void recovered() {
        if (!up.compareAndSet(false, true)) {
            return;
        }
        vertx.cancelTimer(probeTimer);
        upGauge.set(1);
        Log.infof("Redis is reachable again: replica %s shares snapshots, leases and the upstream budget again",
                replicaId);
        recoveryListeners.forEach(Runnable::run);
    }

    private static String defaultReplicaId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "gateway";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Redis is down: the caller falls back to its local means. */
    public static class RedisDownException extends RuntimeException {
        RedisDownException() {
            super("Redis unreachable", null, false, false);
        }
    }

    /** Redis did not answer within the command timeout; whether the command took effect is unknown. */
    public static final class RedisTimeoutException extends RedisDownException {
    }
}
