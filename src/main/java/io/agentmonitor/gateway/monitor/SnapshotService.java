package io.agentmonitor.gateway.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final RenderedViews views;

    SnapshotService(SnapshotCache cache, RenderedViews views) {
        this.cache = cache;
        this.views = views;
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
        List<Part> plan = plan(scope, request);
        if (plan.size() == 1) {
            Part part = plan.get(0);
            return fetch(part, request).map(source -> view(List.of(new Fetched(part, source)), scope, request));
        }
        List<Uni<Fetched>> fetches = plan.stream()
                .map(part -> fetch(part, request).map(source -> new Fetched(part, source))).toList();
        return Uni.join().all(fetches).andFailFast().map(parts -> view(parts, scope, request));
    }

    /**
     * The caller's view if every answer it is built from is cached already, else null (the caller
     * must then go through {@link #snapshot}, which waits for them). Null too for a campaign outside
     * the scope: {@link #snapshot} refuses it.
     */
    public SnapshotView cachedSnapshot(Caller caller, SnapshotRequest request) {
        CampaignScope scope = caller.scope();
        if (request.campaignId() != null && !scope.contains(request.campaignId())) {
            return null;
        }
        List<Part> plan = plan(scope, request);
        List<Fetched> parts = new ArrayList<>(plan.size());
        for (Part part : plan) {
            CachedSnapshot source = cache.answer(part.query());
            if (source == null) {
                return null;
            }
            parts.add(new Fetched(part, source));
        }
        parts.forEach(part -> cache.served(part.part().query(), part.source()));
        return view(parts, scope, request);
    }

    /** One part of a view and the cached answer it is built from. */
    private record Fetched(Part part, CachedSnapshot source) {
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

    private Uni<CachedSnapshot> fetch(Part part, SnapshotRequest request) {
        return cache.get(part.query())
                .onFailure(UpstreamErrorException.class).recoverWithUni(e -> notFound(
                        (UpstreamErrorException) e, part.query(), request));
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

    /**
     * The merged view; as old and as stale as its oldest part. Its body is filtered, merged and
     * serialized once per entity tag, scope and age (in whole seconds), however many callers share it.
     */
    private SnapshotView view(List<Fetched> parts, CampaignScope scope, SnapshotRequest request) {
        List<CachedSnapshot> sources = parts.stream().map(Fetched::source).toList();
        CachedSnapshot oldest = sources.stream().min(Comparator.comparing(CachedSnapshot::fetchedAt)).orElseThrow();
        boolean failing = sources.stream().anyMatch(CachedSnapshot::upstreamFailing);
        SnapshotCache.Freshness freshness = cache.freshness(failing ? oldest.failing() : oldest);
        CampaignScope covered = request.campaignId() != null ? CampaignScope.of(List.of(request.campaignId()))
                : scope;
        String etag = EntityTags.of(sources, covered, request, freshness.stale());
        RenderedView rendered = views.render(new RenderedViews.Key(etag, scope, freshness.age().toSeconds()),
                () -> render(parts, scope, covered, oldest, freshness, request.queueId()));
        Instant answeredAt = sources.stream().map(CachedSnapshot::fetchedAt).max(Comparator.naturalOrder()).orElseThrow();
        return new SnapshotView(rendered.body(), rendered.content(), rendered.json(), rendered.wire(), etag,
                freshness.freshFor(), answeredAt);
    }

    private RenderedView render(List<Fetched> parts, CampaignScope scope, CampaignScope covered,
            CachedSnapshot oldest, SnapshotCache.Freshness freshness, String queueId) {
        AgentMonitorSnapshot s = SnapshotMerger.merge(parts.stream().map(p -> ScopeFilter.apply(p.source().data(),
                scope, p.part().aggregatesInScope(), queueId)).toList());
        ScopedSnapshot body = new ScopedSnapshot(s.agents(), s.callData(), s.queueDialableLeads(),
                s.queueCallsToday(), s.queueDropped(), s.queueAnswered(), s.agentTotal(), s.agentIncall(),
                s.agentReady(), s.agentPaused(), s.campaigns(), s.queues(), oldest.fetchedAt(),
                freshness.age().toSeconds(), freshness.stale(), ScopeView.of(covered));
        return views.of(body, s);
    }
}
