package io.agentmonitor.gateway.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.attention.StatusThresholds;
import io.agentmonitor.gateway.limits.CallerLimits;
import io.agentmonitor.gateway.problem.ProblemException;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.CampaignScope;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.cache.CachedSnapshot;
import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.agentmonitor.gateway.upstream.UpstreamErrorException;
import io.smallrye.mutiny.Uni;

/**
 * Builds a caller's view: plans the upstream searches their scope needs, runs them concurrently,
 * filters each answer to the scope and merges the parts.
 */
@ApplicationScoped
public class SnapshotService {

    private final SnapshotCache cache;
    private final RenderedViews views;
    private final CallerLimits limits;
    private final StatusThresholds thresholds;

    SnapshotService(SnapshotCache cache, RenderedViews views, CallerLimits limits, StatusThresholds thresholds) {
        this.cache = cache;
        this.views = views;
        this.limits = limits;
        this.thresholds = thresholds;
    }

    /** Refuses a request for a campaign outside the caller's scope. */
    void authorize(Caller caller, SnapshotRequest request) {
        if (request.campaignId() != null && !caller.scope().contains(request.campaignId())) {
            throw ProblemException.forbidden("Campaign " + request.campaignId() + " is not in your scope.");
        }
    }

    /**
     * A caller's read of their view: refused when it is outside their scope, and when it would be one
     * more live view than they may keep ({@link CallerLimits}).
     */
    public Uni<SnapshotView> read(Caller caller, SnapshotRequest request) {
        authorize(caller, request);
        return limits.admitView(caller, viewName(caller.scope(), request)).flatMap(ignored -> snapshot(caller, request));
    }

    /** A stable name of a view, the same on every replica: its scope and filters. */
    static String viewName(CampaignScope scope, SnapshotRequest request) {
        return (scope.all() ? "*" : String.join(",", scope.campaignIds())) + '|' + request.campaignId() + '|'
                + request.queueId() + '|' + request.userId() + '|' + request.skills();
    }

    /** The caller's view, built from the cache; the caller's limits are the front door's to apply. */
    public Uni<SnapshotView> snapshot(Caller caller, SnapshotRequest request) {
        return snapshot(caller, request, caller.subject());
    }

    /** The view, read on behalf of {@code reader} (null: on nobody's, as a live view's rebuild). */
    Uni<SnapshotView> snapshot(Caller caller, SnapshotRequest request, String reader) {
        authorize(caller, request);
        CampaignScope scope = caller.scope();
        List<Part> plan = plan(scope, request);
        if (plan.size() == 1) {
            Part part = plan.get(0);
            return fetch(part, request, scope, reader)
                    .map(source -> view(List.of(new Fetched(part, source)), scope, request));
        }
        List<Uni<Fetched>> fetches = plan.stream()
                .map(part -> fetch(part, request, scope, reader).map(source -> new Fetched(part, source))).toList();
        return Uni.join().all(fetches).andFailFast().map(parts -> view(parts, scope, request));
    }

    /**
     * The caller's view if every answer it is built from is cached already, else null (the caller
     * must then go through {@link #snapshot}, which waits for them). Null too for a campaign outside
     * the scope: {@link #snapshot} refuses it.
     */
    public SnapshotView cachedSnapshot(Caller caller, SnapshotRequest request) {
        CampaignScope scope = caller.scope();
        if (request.campaignId() != null && !scope.contains(request.campaignId())
                || !limits.recentlyAdmitted(caller, viewName(scope, request))) {
            return null;
        }
        List<Part> plan = plan(scope, request);
        List<Fetched> parts = new ArrayList<>(plan.size());
        for (Part part : plan) {
            CachedSnapshot source = cache.answer(part.query());
            if (source == null || refusal(source, request, scope) != null) {
                return null;
            }
            parts.add(new Fetched(part, source));
        }
        parts.forEach(part -> cache.served(part.part().query(), part.source(), caller.subject()));
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

    private Uni<CachedSnapshot> fetch(Part part, SnapshotRequest request, CampaignScope scope, String reader) {
        return cache.get(part.query(), reader).flatMap(source -> {
            ProblemException refused = refusal(source, request, scope);
            return refused == null ? Uni.createFrom().item(source) : Uni.createFrom().failure(refused);
        });
    }

    /**
     * The problem that a cached "not found" answer stands for, or null when it is shown as what it is:
     * no agents. To a caller who does not see every campaign, a queue or an agent the upstream does
     * not know must look like one of another campaign (which answers no agents), or the answers
     * would tell which exist. A campaign asked for by name is in the caller's scope already.
     */
    private static ProblemException refusal(CachedSnapshot source, SnapshotRequest request, CampaignScope scope) {
        Integer code = source.notFound();
        if (code == null) {
            return null;
        }
        if (code == UpstreamErrorException.INVALID_CAMPAIGN && request.campaignId() != null) {
            return new ProblemException(404, "campaign-not-found", "Campaign not found",
                    "Campaign " + request.campaignId() + " does not exist upstream.", code, null);
        }
        if (code == UpstreamErrorException.INVALID_QUEUE && scope.all()) {
            return new ProblemException(404, "queue-not-found", "Queue not found",
                    "Queue " + request.queueId() + " does not exist upstream.", code, null);
        }
        return null;
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
        String etag = EntityTags.of(sources, covered, request, freshness.stale(), thresholds.fingerprint());
        RenderedView rendered = views.render(new RenderedViews.Key(etag, scope, freshness.age().toSeconds()),
                () -> render(parts, scope, covered, oldest, freshness, request));
        Instant answeredAt = sources.stream().map(CachedSnapshot::fetchedAt).max(Comparator.naturalOrder()).orElseThrow();
        return new SnapshotView(rendered.body(), rendered.content(), rendered.json(), rendered.wire(), etag,
                freshness.freshFor(), answeredAt);
    }

    private RenderedView render(List<Fetched> parts, CampaignScope scope, CampaignScope covered,
            CachedSnapshot oldest, SnapshotCache.Freshness freshness, SnapshotRequest request) {
        // Each part's levels are as of its own answer, so that they move only with a new answer (and its tag).
        AgentMonitorSnapshot s = SnapshotMerger.merge(parts.stream().map(p -> thresholds.levels(ScopeFilter.apply(
                p.source().data(), scope, p.part().aggregatesInScope(), request), p.source().fetchedAt())).toList());
        ScopedSnapshot body = new ScopedSnapshot(s.agents(), s.callData(), s.queueDialableLeads(),
                s.queueCallsToday(), s.queueDropped(), s.queueAnswered(), s.agentTotal(), s.agentIncall(),
                s.agentReady(), s.agentPaused(), CampaignLevels.of(s.agents()), s.campaigns(), s.queues(), oldest.fetchedAt(),
                freshness.age().toSeconds(), freshness.stale(), ScopeView.of(covered));
        return views.of(body, s);
    }
}
