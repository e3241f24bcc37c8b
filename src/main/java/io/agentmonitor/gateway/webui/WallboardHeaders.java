package io.agentmonitor.gateway.webui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Response headers of the wallboard page and its static assets: the page's Content-Security-Policy
 * (replacing the API's bare {@code frame-ancestors 'none'}), {@code index.html} never cached so a
 * deployment takes effect at the next load, and the content-hashed files under {@code /assets/}
 * cached for a year. Set just before the headers leave, over what the static handler chose.
 */
@ApplicationScoped
public class WallboardHeaders {

    private static final String CSP = "Content-Security-Policy";
    private static final String YEAR = "public, max-age=31536000, immutable";
    private static final String DAY = "public, max-age=86400";
    /** Before the security and CORS handlers; it only registers header hooks. */
    private static final int PRIORITY = 100;

    private final String contentSecurityPolicy;

    WallboardHeaders(WallboardPolicy policy) {
        this.contentSecurityPolicy = policy.contentSecurityPolicy();
    }

    void register(@Observes Filters filters) {
        filters.register(this::decorate, PRIORITY);
    }

    private void decorate(RoutingContext context) {
        String path = context.normalizedPath();
        boolean page = path.equals("/") || path.equals("/index.html");
        boolean hashed = path.startsWith("/assets/");
        if (page || hashed || path.equals("/favicon.svg")) {
            context.addHeadersEndHandler(ignored -> {
                HttpServerResponse response = context.response();
                response.headers().set(CSP, contentSecurityPolicy);
                if (response.getStatusCode() == 200 || response.getStatusCode() == 304) {
                    response.headers().set(HttpHeaders.CACHE_CONTROL, page ? "no-cache" : hashed ? YEAR : DAY);
                }
            });
        }
        context.next();
    }
}
