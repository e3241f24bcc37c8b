package io.agentmonitor.gateway.upstream;

import java.time.Duration;
import java.util.Optional;

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

    private final ClusterBudget cluster;
    private final UpstreamMetrics metrics;
    private final Guard wholeBudget;
    private final Guard fairShare;
    private final long lateness;

    SearchBudget(ClusterBudget cluster, GatewayConfig config, UpstreamMetrics metrics) {
        this.cluster = cluster;
        this.metrics = metrics;
        int perSecond = config.budget().searchesPerSecond();
        this.wholeBudget = SearchGuard.rateLimit(perSecond, 1, metrics);
        this.fairShare = SearchGuard.rateLimit(perSecond, Math.max(1, config.redis().expectedReplicas()), metrics);
        // A permit used half an interval after its slot (a stalled replica) would crowd the next ones.
        this.lateness = Duration.ofSeconds(1).toNanos() / perSecond / 2;
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
        return cluster.reserve(maxWait)
                .onFailure(RedisLink.RedisDownException.class).recoverWithUni(() -> local(fairShare).replaceWith(
                        Optional.of(Duration.ZERO)))
                .flatMap(slot -> {
                    if (slot.isEmpty()) {
                        return rejected();
                    }
                    if (slot.get().isZero()) {
                        return Uni.createFrom().voidItem();
                    }
                    long due = System.nanoTime() + slot.get().toNanos();
                    return Uni.createFrom().voidItem().onItem().delayIt().by(slot.get())
                            .flatMap(ready -> System.nanoTime() - due > lateness ? rejected()
                                    : Uni.createFrom().voidItem());
                });
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
