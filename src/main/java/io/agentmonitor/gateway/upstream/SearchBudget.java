package io.agentmonitor.gateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import io.agentmonitor.gateway.cluster.ClusterBudget;
import io.agentmonitor.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.mutiny.Uni;

/**
 * Where each upstream search attempt takes its permit. A single process keeps the whole budget in a
 * SmallRye rate limit; replicas sharing Redis take it from the bucket there ({@link ClusterBudget}),
 * and while Redis is unreachable each keeps to its fair share, {@code budget / expected-replicas}, in
 * a SmallRye rate limit of its own, so that together they still stay within the budget.
 */
@ApplicationScoped
class SearchBudget {

    private static final TypeLiteral<Uni<Void>> PERMIT = new TypeLiteral<>() {
    };

    private final ClusterBudget cluster;
    private final UpstreamMetrics metrics;
    private final Guard wholeBudget;
    private final Guard fairShare;

    SearchBudget(ClusterBudget cluster, GatewayConfig config, UpstreamMetrics metrics) {
        this.cluster = cluster;
        this.metrics = metrics;
        int perSecond = config.budget().searchesPerSecond();
        this.wholeBudget = SearchGuard.rateLimit(perSecond, 1, metrics);
        this.fairShare = SearchGuard.rateLimit(perSecond, Math.max(1, config.redis().expectedReplicas()), metrics);
    }

    /** A permit for one attempt, or an {@link UpstreamBudgetExhaustedException} at once when there is none. */
    Uni<Void> permit() {
        if (!cluster.enabled()) {
            return local(wholeBudget);
        }
        return cluster.tryTake().flatMap(taken -> {
            if (taken.isEmpty()) {
                return local(fairShare);
            }
            if (taken.get()) {
                return Uni.createFrom().voidItem();
            }
            metrics.budgetRejected();
            return Uni.createFrom().failure(new UpstreamBudgetExhaustedException());
        });
    }

    private static Uni<Void> local(Guard limit) {
        return limit.get(() -> Uni.createFrom().voidItem(), PERMIT)
                .onFailure(RateLimitException.class).transform(e -> new UpstreamBudgetExhaustedException());
    }
}
