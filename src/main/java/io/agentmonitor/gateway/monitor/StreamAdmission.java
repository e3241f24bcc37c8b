package io.agentmonitor.gateway.monitor;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agentmonitor.gateway.limits.CallerLimits;
import io.agentmonitor.gateway.problem.ProblemException;
import io.agentmonitor.gateway.problem.ProblemWriter;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.ScopeResolver;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the caller's stream and view limits ({@link CallerLimits}) to {@code GET
 * /api/v1/agent-monitor/stream} before the stream resource runs: they are counted for the whole
 * deployment, which may take a Redis round trip, and the REST layer starts an event stream's
 * response as soon as its method returns. A refused stream is answered {@code 429}; an admitted one
 * holds its lease until its response ends, however it ends. Requests this cannot judge (no viewer,
 * bad filters, a campaign out of scope) go on untouched, and the resource answers them.
 */
@ApplicationScoped
class StreamAdmission {

    static final String PATH = "/api/v1/agent-monitor/stream";

    private final CallerLimits limits;
    private final ScopeResolver callers;
    private final ProblemWriter problems;

    StreamAdmission(CallerLimits limits, ScopeResolver callers, ProblemWriter problems) {
        this.limits = limits;
        this.callers = callers;
        this.problems = problems;
    }

    /** Before the REST endpoints, after authentication. */
    void register(@Observes Router router) {
        router.get(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::admit);
    }

    void admit(RoutingContext routing) {
        Caller caller = CachedSnapshotRoute.viewer(routing, callers);
        SnapshotRequest request = caller == null ? null : CachedSnapshotRoute.request(routing.queryParams());
        if (request == null || request.campaignId() != null && !caller.scope().contains(request.campaignId())) {
            routing.next();
            return;
        }
        Context context = Vertx.currentContext();
        boolean resuming = routing.request().getHeader("Last-Event-ID") != null;
        limits.admitStream(caller, SnapshotService.viewName(caller.scope(), request), resuming).subscribe().with(
                grant -> context.runOnContext(ignored -> {
                    routing.addEndHandler(ended -> grant.release());
                    if (routing.response().closed()) {
                        grant.release(); // the client left while its stream was being admitted
                    } else {
                        routing.next();
                    }
                }),
                failure -> context.runOnContext(ignored -> problems.write(routing.response(),
                        failure instanceof ProblemException problem ? problem
                                : new ProblemException(503, "service-unavailable", "Service unavailable",
                                        "The stream could not be admitted; try again shortly.", null,
                                        Duration.ofSeconds(5)),
                        routing.request().path())));
    }
}
