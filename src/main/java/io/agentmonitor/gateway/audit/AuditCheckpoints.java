package io.agentmonitor.gateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agentmonitor.gateway.cluster.RedisLink;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes signed checkpoints of the chain head: at start-up, every {@code interval} (also when nothing
 * happened, so that a missing checkpoint is itself evidence), after every {@code every-entries}
 * entries this replica appended, and at shutdown. Each is stored and written as one JSON line on
 * the {@code audit} log category, so the SIEM holds its own copy of every head.
 */
@ApplicationScoped
public class AuditCheckpoints {

    private final AuditChain chain;
    private final CheckpointKeys keys;
    private final AuditLog log;
    private final RedisLink replica;
    private final Duration interval;
    private final int everyEntries;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong vouched = new AtomicLong();
    private final AtomicBoolean entriesDue = new AtomicBoolean();
    private ScheduledExecutorService timer;

    AuditCheckpoints(AuditChain chain, CheckpointKeys keys, AuditLog log, RedisLink replica, GatewayConfig config) {
        this.chain = chain;
        this.keys = keys;
        this.log = log;
        this.replica = replica;
        this.interval = config.audit().checkpoints().interval();
        this.everyEntries = Math.max(1, config.audit().checkpoints().everyEntries());
    }

    void start(@Observes StartupEvent event) {
        timer = AuditTimers.single("audit-checkpoints");
        timer.execute(() -> take(Checkpoint.Reason.STARTUP));
        long period = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(() -> take(Checkpoint.Reason.INTERVAL), period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        take(Checkpoint.Reason.SHUTDOWN);
    }

    /** Entries up to {@code lastSeq} were appended: a checkpoint follows once enough were since the last one. */
    void appended(long lastSeq) {
        if (lastSeq - vouched.get() >= everyEntries && entriesDue.compareAndSet(false, true) && timer != null) {
            timer.execute(() -> {
                entriesDue.set(false);
                take(Checkpoint.Reason.ENTRIES);
            });
        }
    }

    /** Signs, stores and logs a checkpoint of the head as it is now; a failure is logged and the next one tried in time. */
    Checkpoint take(Checkpoint.Reason reason) {
        try {
            Checkpoint draft = new Checkpoint(0, 0, null, clock.instant().truncatedTo(ChronoUnit.MILLIS), reason,
                    replica.replicaId(), Math.max(1, interval.toSeconds()), null, null, null);
            Checkpoint checkpoint = chain.checkpoint(draft, keys);
            vouched.accumulateAndGet(checkpoint.lastSeq(), Math::max);
            log.checkpoint(checkpoint);
            return checkpoint;
        } catch (RuntimeException e) {
            Log.errorf("The audit checkpoint (%s) could not be written: %s", reason.wireName(), e.getMessage());
            return null;
        }
    }
}
