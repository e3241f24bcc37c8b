package io.agentmonitor.gateway.monitor;

import java.util.Comparator;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.problem.ProblemException;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.CampaignScope;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.cache.CachedSnapshot;
import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.agentmonitor.gateway.upstream.UpstreamErrorException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Builds a caller's view: plans the upstream searches their scope needs, runs them concurrently,
 * filters each answer to the scope and merges the parts.
 */
@ApplicationScoped
public class SnapshotService {

    private static final AgentMonitorSnapshot EMPTY = AgentMonitorSnapshot.ofAgents(List.of(), null, null);

    private final SnapshotCache cache;

    SnapshotService(SnapshotCache cache) {
        this.cache = cache;
    }

    /** Refuses a request for a campaign outside the caller's scope. */
    void authorize(Caller caller, SnapshotRequest request) {
        if (request.campaignId() != null && !caller.scope().contains(request.campaignId())) {
            throw ProblemException.forbidden("Campaign " + request.campaignId() + " is not in your scope.");
        }
    }

    public Uni<SnapshotView> snapshot(Caller caller, SnapshotRequest request) {
        authorize(caller, request);
        CampaignScope scope = caller.scope();
        List<Uni<Fetched>> fetches = plan(scope, request).stream().map(part -> fetch(part, request, scope)).toList();
        return Uni.join().all(fetches).andFailFast().map(parts -> view(parts, scope, request));
    }

    /** One part of a view, filtered to the scope, and the cached answer it came from. */
    private record Fetched(AgentMonitorSnapshot filtered, CachedSnapshot source) {
    }

    /** The cached views a caller's request is built from. */
    public List<SearchQuery> queries(Caller caller, SnapshotRequest request) {
        return plan(caller.scope(), request).stream().map(Part::query).toList();
    }

    /** One upstream search, and whether its queue and call figures may be shown to this scope. */
    record Part(SearchQuery query, boolean aggregatesInScope) {
    }

    static List<Part> plan(CampaignScope scope, SnapshotRequest request) {
        SearchQuery base = SearchQuery.of(request.campaignId(), request.queueId(), request.userId(), request.skills());
        if (request.campaignId() != null || scope.all()) {
            return List.of(new Part(base, true));
        }
        if (request.userId() != null) {
            // One agent is in one campaign: a single unfiltered search beats one per campaign.
            return List.of(new Part(base, false));
        }
        return scope.campaignIds().stream().map(c -> new Part(base.withCampaign(c), true)).toList();
    }

    private Uni<Fetched> fetch(Part part, SnapshotRequest request, CampaignScope scope) {
        return cache.get(part.query())
                .onFailure(UpstreamErrorException.class).recoverWithUni(e -> notFound(
                        (UpstreamErrorException) e, part.query(), request))
                .map(cached -> new Fetched(
                        ScopeFilter.apply(cached.data(), scope, part.aggregatesInScope(), request.queueId()), cached));
    }

    /** Maps the upstream's "no such ..." codes; anything else stays an upstream error. */
    private static Uni<CachedSnapshot> notFound(UpstreamErrorException e, SearchQuery query,
            SnapshotRequest request) {
        if (e.hasCode(UpstreamErrorException.INVALID_CAMPAIGN)) {
            if (request.campaignId() != null) {
                return Uni.createFrom().failure(new ProblemException(404, "campaign-not-found", "Campaign not found",
                        "Campaign " + request.campaignId() + " does not exist upstream.", e.code(), null));
            }
            Log.warnf("Campaign %s is mapped to a scope but unknown upstream", query.campaignId());
            return Uni.createFrom().item(new CachedSnapshot(EMPTY, Instant.now(), false));
        }
        if (e.hasCode(UpstreamErrorException.INVALID_QUEUE)) {
            return Uni.createFrom().failure(new ProblemException(404, "queue-not-found", "Queue not found",
                    "Queue " + request.queueId() + " does not exist upstream.", e.code(), null));
        }
        if (e.hasCode(UpstreamErrorException.INVALID_USER) && request.userId() != null) {
            // Unknown and out-of-scope agents look the same: no agent.
            return Uni.createFrom().item(new CachedSnapshot(EMPTY, Instant.now(), false));
        }
        return Uni.createFrom().failure(e);
    }

    /** The merged view; as old and as stale as its oldest part. */
    private SnapshotView view(List<Fetched> parts, CampaignScope scope, SnapshotRequest request) {
        AgentMonitorSnapshot s = SnapshotMerger.merge(parts.stream().map(Fetched::filtered).toList());
        CachedSnapshot oldest = parts.stream().map(Fetched::source)
                .min(Comparator.comparing(CachedSnapshot::fetchedAt)).orElseThrow();
        boolean failing = parts.stream().anyMatch(p -> p.source().upstreamFailing());
        SnapshotCache.Freshness freshness = cache.freshness(failing ? oldest.failing() : oldest);
        CampaignScope covered = request.campaignId() != null ? CampaignScope.of(List.of(request.campaignId()))
                : scope;
        ScopedSnapshot body = new ScopedSnapshot(s.agents(), s.callData(), s.queueDialableLeads(),
                s.queueCallsToday(), s.queueDropped(), s.queueAnswered(), s.agentTotal(), s.agentIncall(),
                s.agentReady(), s.agentPaused(), s.campaigns(), s.queues(), oldest.fetchedAt(),
                freshness.age().toSeconds(), freshness.stale(), ScopeView.of(covered));
        return new SnapshotView(body, s, EntityTags.of(parts.stream().map(Fetched::source).toList(), covered,
                request, freshness.stale()), freshness.freshFor());
    }
}
