package io.agentmonitor.gateway.audit;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The audit trail's own background work (checkpoints, sweeps): one daemon thread each, off the event loops. */
final class AuditTimers {

    private AuditTimers() {
    }

    /** A single daemon thread named {@code name} for blocking, scheduled store work. */
    static ScheduledExecutorService single(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
