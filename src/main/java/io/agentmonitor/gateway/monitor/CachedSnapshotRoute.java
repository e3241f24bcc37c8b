package io.agentmonitor.gateway.monitor;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agentmonitor.gateway.problem.ProblemException;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.Capability;
import io.agentmonitor.gateway.security.ScopeResolver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The hot path of {@code GET /api/v1/agent-monitor}: hundreds of dashboards polling views that are
 * cached already. A request whose caller is authenticated (by the usual HTTP security, before any
 * route), may view the agent monitor, asks with valid filters for campaigns in scope, and whose view
 * is cached, is answered here on the event loop with the bytes serialized once for everyone sharing
 * the view. Every other request (a view to load or wait for, bad input, a caller without the role or
 * the campaign) goes on to {@link AgentMonitorResource}, which answers it, problems included. Both
 * answer a cached view with the same status, headers and body.
 */
@ApplicationScoped
class CachedSnapshotRoute {

    static final String PATH = "/api/v1/agent-monitor";
    private static final Pattern ID = Pattern.compile(SnapshotRequest.ID_PATTERN);
    private static final List<String> ID_PARAMETERS = List.of("campaign_id", "queue_id", "user_id");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    private final SnapshotService snapshots;
    private final ScopeResolver callers;

    CachedSnapshotRoute(SnapshotService snapshots, ScopeResolver callers) {
        this.snapshots = snapshots;
        this.callers = callers;
    }

    /** Before the REST endpoints, after authentication. */
    void register(@Observes Router router) {
        router.get(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::serve);
    }

    void serve(RoutingContext context) {
        SnapshotView view = cachedView(context);
        if (view == null) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        response.putHeader("ETag", view.etag())
                .putHeader(HttpHeaders.CACHE_CONTROL, view.cacheControl())
                .putHeader("Age", String.valueOf(view.body().ageSeconds()));
        if (view.body().stale()) {
            response.putHeader(AgentMonitorResource.STALE_HEADER, "true");
        }
        if (view.matchedBy(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        ByteBuf wire = view.wire();
        if (RenderedViews.hold(wire)) {
            response.end(Buffer.buffer(wire)).onComplete(ignored -> wire.release());
        } else {
            response.end(Buffer.buffer(Unpooled.wrappedBuffer(view.json())));
        }
    }

    /** The view this request asks for if it can be answered here, else null. */
    private SnapshotView cachedView(RoutingContext context) {
        if (!acceptsJson(context.request().getHeader(HttpHeaders.ACCEPT))) {
            return null;
        }
        Caller caller = viewer(context, callers);
        if (caller == null) {
            return null;
        }
        SnapshotRequest request = request(context.queryParams());
        return request == null ? null : snapshots.cachedSnapshot(caller, request);
    }

    /**
     * The request's authenticated caller if they may view the agent monitor and have a campaign,
     * else null (the resource then answers 401 or 403).
     */
    static Caller viewer(RoutingContext context, ScopeResolver callers) {
        if (!(context.user() instanceof QuarkusHttpUser user)) {
            return null;
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Caller caller = callers.resolve(identity);
        return caller.can(Capability.VIEW) && !caller.scope().isEmpty() ? caller : null;
    }

    /** No {@code Accept} header, or one a JSON answer satisfies; anything else is the resource's to negotiate. */
    private static boolean acceptsJson(String accept) {
        return accept == null || accept.contains("application/json") || accept.contains("*/*")
                || accept.contains("application/*");
    }

    /**
     * The filters, when the query holds only the operation's parameters, each single-valued one at
     * most once, and all valid; else null (the resource explains why).
     */
    static SnapshotRequest request(MultiMap params) {
        if (!SnapshotRequest.PARAMETERS.accepts(params.names(), name -> params.getAll(name).size())) {
            return null;
        }
        for (String name : ID_PARAMETERS) {
            String value = params.get(name);
            if (value != null && !ID.matcher(value).matches()) {
                return null;
            }
        }
        try {
            return SnapshotRequest.of(params.get("campaign_id"), params.get("queue_id"), params.get("user_id"),
                    params.getAll("skill"));
        } catch (ProblemException invalid) {
            return null;
        }
    }
}
