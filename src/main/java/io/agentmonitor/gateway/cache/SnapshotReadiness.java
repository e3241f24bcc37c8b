package io.agentmonitor.gateway.cache;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.agentmonitor.gateway.upstream.SearchQuery;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready when snapshots can be served, fresh or stale: the unfiltered view is read through the cache
 * like any caller's, so an upstream outage keeps the gateway ready while its last good answer is
 * younger than the maximum staleness, and a gateway that never reached the upstream is not ready.
 * The probe costs at most one upstream search per freshness interval, shared with admin views.
 */
@Readiness
@ApplicationScoped
public class SnapshotReadiness implements AsyncHealthCheck {

    private static final SearchQuery EVERY_CAMPAIGN = SearchQuery.of(null, null, null, null);

    private final SnapshotCache cache;

    SnapshotReadiness(SnapshotCache cache) {
        this.cache = cache;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return cache.get(EVERY_CAMPAIGN)
                .map(snapshot -> HealthCheckResponse.named("snapshots").up()
                        .withData("age_seconds", snapshot.age(Instant.now()).toSeconds())
                        .withData("upstream_failing", snapshot.upstreamFailing())
                        .withData("views", cache.size())
                        .build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("snapshots").down()
                        .withData("reason", failure.getMessage() == null ? failure.getClass().getSimpleName()
                                : failure.getMessage())
                        .build());
    }
}
