package io.agentmonitor.gateway.cache;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.agentmonitor.gateway.cluster.RedisLink;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.agentmonitor.gateway.upstream.UpstreamBudgetExhaustedException;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready when snapshots can be served, fresh or stale: the unfiltered view is read through the cache
 * like any caller's, so an upstream outage keeps the gateway ready while its last good answer is
 * younger than the maximum staleness, and a gateway that never reached the upstream is not ready.
 * The probe costs at most one upstream search per freshness interval, shared with admin views. When
 * the budget is short, the probe's view waits its turn like any other: while other views hold
 * answers the replica is ready meanwhile ({@code budget}: {@code short}), since it serves them.
 * Redis ({@code redis}: {@code up}, {@code down} or {@code disabled}) is a detail, never a reason to be
 * down: without it the replica serves from its own cache.
 */
@Readiness
@ApplicationScoped
public class SnapshotReadiness implements AsyncHealthCheck {

    private static final SearchQuery EVERY_CAMPAIGN = SearchQuery.of(null, null, null, null);

    private final SnapshotCache cache;
    private final RedisLink redis;

    SnapshotReadiness(SnapshotCache cache, RedisLink redis) {
        this.cache = cache;
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return cache.get(EVERY_CAMPAIGN, null)
                .map(snapshot -> HealthCheckResponse.named("snapshots").up()
                        .withData("age_seconds", snapshot.age(Instant.now()).toSeconds())
                        .withData("upstream_failing", snapshot.upstreamFailing())
                        .withData("views", cache.size())
                        .withData("redis", redis.state())
                        .build())
                // Waiting its turn is no failure: the replica serves its other views meanwhile.
                .onFailure(UpstreamBudgetExhaustedException.class).recoverWithUni(failure -> cache.holdsAnswers()
                        ? Uni.createFrom().item(HealthCheckResponse.named("snapshots").up()
                                .withData("budget", "short")
                                .withData("views", cache.size())
                                .withData("redis", redis.state())
                                .build())
                        : Uni.createFrom().failure(failure))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("snapshots").down()
                        .withData("reason", failure.getMessage() == null ? failure.getClass().getSimpleName()
                                : failure.getMessage())
                        .withData("redis", redis.state())
                        .build());
    }
}
