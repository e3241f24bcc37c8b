package io.agentmonitor.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Drops a bearer credential that is not even shaped like a signed JWT (three base64url parts)
 * before authentication sees it. quarkus-oidc fails on some such values with an unchecked exception
 * (for example {@code Bearer ....}), which would surface as a 500; without the header the request
 * is simply anonymous and every protected endpoint answers the usual 401 problem. Well-shaped
 * tokens, however forged, still go through full verification.
 */
@ApplicationScoped
public class MalformedBearerFilter {

    /** After CORS (so preflights are answered as configured), before authentication. */
    static final int PRIORITY = (SecurityHandlerPriorities.CORS + SecurityHandlerPriorities.AUTHENTICATION) / 2;

    private static final String SCHEME = "bearer ";

    void register(@Observes Filters filters) {
        filters.register(this::dropMalformedBearer, PRIORITY);
    }

    void dropMalformedBearer(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && !isCompactJws(authorization.substring(SCHEME.length()).trim())) {
            context.request().headers().remove(HttpHeaders.AUTHORIZATION);
        }
        context.next();
    }

    /**
     * {@code [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*}: header, payload and (possibly empty)
     * signature in base64url. Checked by hand, as it runs on every request with a kilobyte of token.
     */
    static boolean isCompactJws(String token) {
        int dots = 0;
        int partLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (partLength == 0 || ++dots > 2) {
                    return false;
                }
                partLength = 0;
            } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                partLength++;
            } else {
                return false;
            }
        }
        return dots == 2;
    }
}
