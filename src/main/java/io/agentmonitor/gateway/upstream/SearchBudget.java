package io.agentmonitor.gateway.upstream;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import io.agentmonitor.gateway.cluster.ClusterBudget;
import io.agentmonitor.gateway.cluster.RedisLink;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.mutiny.Uni;

/**
 * Where each upstream search attempt takes its permit. A single process keeps the whole budget in a
 * SmallRye rate limit; replicas sharing Redis reserve it from the schedule there ({@link ClusterBudget}),
 * and while Redis is unreachable each keeps to its fair share, {@code budget / expected-replicas}, in
 * a SmallRye rate limit of its own, so that together they still stay within the budget. A shared
 * permit that this replica could only use well after its slot (its event loop stalled, or Redis
 * answered late) is given up rather than spent on top of the next ones.
 */
@ApplicationScoped
class SearchBudget {

    private static final TypeLiteral<Uni<Void>> PERMIT = new TypeLiteral<>() {
    };

    /** Marks a permit of the local fair share, taken when Redis could not be asked. */
    private static final Optional<Duration> LOCAL_PERMIT = Optional.of(Duration.ofNanos(-1));

    private final ClusterBudget cluster;
    private final UpstreamMetrics metrics;
    private final Guard wholeBudget;
    private final Guard fairShare;
    private final long lateness;
    private final AtomicLong answerLag = new AtomicLong();

    SearchBudget(ClusterBudget cluster, GatewayConfig config, UpstreamMetrics metrics) {
        this.cluster = cluster;
        this.metrics = metrics;
        int perSecond = config.budget().searchesPerSecond();
        this.wholeBudget = SearchGuard.rateLimit(perSecond, 1, metrics);
        this.fairShare = SearchGuard.rateLimit(perSecond, Math.max(1, config.redis().expectedReplicas()), metrics);
        // A permit used later than this after its slot (a stalled replica) would crowd the next ones.
        this.lateness = ClusterBudget.allowedLateness(perSecond).toNanos();
    }

    /**
     * A permit for one attempt, or an {@link UpstreamBudgetExhaustedException} when there is none. A
     * local budget answers at once; the shared one may hand out a permit up to {@code maxWait} ahead,
     * and the attempt waits for it.
     */
    Uni<Void> permit(Duration maxWait) {
        if (!cluster.enabled()) {
            return local(wholeBudget);
        }
        if (!cluster.usable()) {
            return local(fairShare);
        }
        return shared(System.nanoTime() + maxWait.toNanos(), true);
    }

    /**
     * A permit of the shared schedule, used by {@code deadline}. A permit whose answer arrived too late
     * to use it is given up; one more is asked for at once (the lag it showed is now allowed for) if
     * the deadline leaves room.
     */
    private Uni<Void> shared(long deadline, boolean replaceIfLate) {
        long asked = System.nanoTime();
        Duration maxWait = Duration.ofNanos(deadline - asked);
        if (maxWait.isNegative()) {
            return rejected();
        }
        // With a margin over the recent lag, and leaving most of the affordable wait to queue in.
        Duration lead = Duration.ofNanos(Math.min(answerLag.get() * 3 / 2, maxWait.toNanos() * 3 / 4));
        return cluster.reserve(maxWait, lead)
                .onFailure(RedisLink.RedisDownException.class).recoverWithUni(() -> local(fairShare).replaceWith(
                        LOCAL_PERMIT))
                .flatMap(slot -> {
                    if (slot.isEmpty()) {
                        return rejected();
                    }
                    if (slot.get().isNegative()) {
                        return Uni.createFrom().voidItem(); // a local permit: Redis could not be asked
                    }
                    // The slot began no earlier than when it was asked for: a permit that only reaches
                    // the call well after that (a slow answer, a stalled event loop) is given up.
                    long answered = System.nanoTime();
                    long due = asked + slot.get().toNanos();
                    lagged(answered - asked);
                    // Timers have millisecond resolution: less than that left is due now.
                    long left = TimeUnit.NANOSECONDS.toMillis(due - answered);
                    Uni<Void> wait = left < 1 ? Uni.createFrom().voidItem()
                            : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(left));
                    return wait.flatMap(ready -> {
                        long late = System.nanoTime() - due;
                        metrics.permitLateness(late);
                        if (late <= lateness) {
                            return Uni.createFrom().voidItem();
                        }
                        return replaceIfLate ? shared(deadline, false) : rejected();
                    });
                });
    }

    /**
     * Follows how long Redis' answers take to reach this replica: at once when they slow down (a
     * saturated event loop), gently when they speed up. Slots are then reserved at least that far
     * ahead, so that the answer arrives before its slot and the permit is used on time.
     */
    private void lagged(long nanos) {
        answerLag.updateAndGet(lag -> nanos >= lag ? nanos : lag - (lag - nanos) / 16);
    }

    private Uni<Void> rejected() {
        metrics.budgetRejected();
        return Uni.createFrom().failure(new UpstreamBudgetExhaustedException());
    }

    private static Uni<Void> local(Guard limit) {
        return limit.get(() -> Uni.createFrom().voidItem(), PERMIT)
                .onFailure(RateLimitException.class).transform(e -> new UpstreamBudgetExhaustedException());
    }
}
