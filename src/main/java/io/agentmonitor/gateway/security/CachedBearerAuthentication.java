package io.agentmonitor.gateway.security;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * quarkus-oidc's bearer authentication, with {@link VerifiedTokens} in front: a token it verified
 * before is not verified again (signature, issuer, audience, times) until it expires or the signing
 * keys change. A bearer credential not even shaped like a signed JWT (three base64url parts) leaves
 * the request anonymous. Every other request, and every challenge, is quarkus-oidc's own.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachedBearerAuthentication implements HttpAuthenticationMechanism {

    private static final String SCHEME = "Bearer ";
    /** What quarkus-oidc answers for a service application, without resolving its tenant per request. */
    private static final Uni<HttpCredentialTransport> TRANSPORT = Uni.createFrom()
            .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));

    private final OidcAuthenticationMechanism oidc;
    private final VerifiedTokens verified;

    CachedBearerAuthentication(OidcAuthenticationMechanism oidc, VerifiedTokens verified) {
        this.oidc = oidc;
        this.verified = verified;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = bearerToken(context);
        if (token == null) {
            return oidc.authenticate(context, identities);
        }
        SecurityIdentity known = verified.find(token, context);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (!isCompactJws(token)) {
            // quarkus-oidc fails on some such values with an unchecked exception (a 500): the request
            // is anonymous instead, and protected endpoints answer the usual 401 problem.
            return Uni.createFrom().nullItem();
        }
        return oidc.authenticate(context, identities).map(identity -> verified.admit(token, identity));
    }

    private static String bearerToken(RoutingContext context) {
        return bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
    }

    /** The token of a {@code Bearer} credential, or null when {@code authorization} carries none. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return oidc.getChallenge(context);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return oidc.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return TRANSPORT;
    }

    @Override
    public int getPriority() {
        return oidc.getPriority() + 1;
    }

    /**
     * {@code [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*}: header, payload and (possibly empty)
     * signature in base64url. Checked by hand, without a regular expression: a kilobyte of token, on
     * every request bearing a token not verified before.
     */
    private static boolean isCompactJws(String token) {
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
