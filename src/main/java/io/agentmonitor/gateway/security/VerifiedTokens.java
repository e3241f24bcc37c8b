package io.agentmonitor.gateway.security;

import java.security.Permission;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer tokens that quarkus-oidc has verified, with the identity it built for each, so that a
 * dashboard polling every second costs one signature check per token rather than one per request.
 * Keyed by the whole token (a token differing in any byte is verified afresh); an entry never
 * outlives the token's {@code exp} nor {@code gateway.token-cache.max-age}; the cache is bounded
 * and is emptied when the identity provider's signing keys change ({@link SigningKeysChanged}); a
 * token of a removed key is never admitted ({@link SigningKeysWatcher}).
 */
@ApplicationScoped
public class VerifiedTokens {

    private final Cache<TokenKey, Verified> tokens;
    private final boolean enabled;
    private final Counter hits;
    private final Counter misses;
    private final Counter flushes;

    private final ScopeResolver callers;
    private final SigningKeysWatcher keys;

    VerifiedTokens(GatewayConfig config, MeterRegistry registry, ScopeResolver callers, SigningKeysWatcher keys) {
        this.callers = callers;
        this.keys = keys;
        GatewayConfig.TokenCache settings = config.tokenCache();
        this.enabled = settings.maxEntries() > 0;
        this.tokens = Caffeine.newBuilder()
                .maximumSize(Math.max(0, settings.maxEntries()))
                .expireAfter(new UntilExpiry(settings.maxAge()))
                .build();
        this.hits = registry.counter("gateway.tokens.verifications", "result", "cached");
        this.misses = registry.counter("gateway.tokens.verifications", "result", "verified");
        this.flushes = registry.counter("gateway.tokens.flushes");
        registry.gauge("gateway.tokens.cached", tokens, Cache::estimatedSize);
    }

    /** The identity of a token verified before and not yet expired, bound to this request; else null. */
    SecurityIdentity find(String token, RoutingContext request) {
        if (!enabled) {
            return null;
        }
        Verified verified = tokens.getIfPresent(new TokenKey(token));
        if (verified == null || !verified.validAt(Instant.now()) || keys.isRemoved(verified.signingKeyId())) {
            misses.increment();
            return null;
        }
        hits.increment();
        return verified.boundTo(request);
    }

    /**
     * The identity quarkus-oidc verified for this token, remembered unless it expires too soon to
     * matter; null (no identity) when the key that signed the token has been removed from the
     * provider's key set, which quarkus-oidc may not know yet.
     */
    SecurityIdentity admit(String token, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return identity;
        }
        Caller caller = callers.resolve(identity);
        if (keys.isRemoved(caller.signingKeyId())) {
            Log.debugf("Refused a token of the removed signing key %s", caller.signingKeyId());
            return null;
        }
        if (jwt.getExpirationTime() <= 0) {
            return identity;
        }
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime());
        if (enabled && expires.isAfter(Instant.now())) {
            tokens.put(new TokenKey(token), Verified.of(identity, caller, expires));
        }
        return identity;
    }

    void keysChanged(@Observes SigningKeysChanged change) {
        forgetAll("the identity provider's signing keys changed");
    }

    /** Forgets every verified token: each is verified again on its next use. */
    public void forgetAll(String reason) {
        long size = tokens.estimatedSize();
        tokens.invalidateAll();
        flushes.increment();
        Log.infof("Forgot %d verified bearer tokens: %s", size, reason);
    }

    /**
     * A verified identity, with the caller resolved from it once, and without the request it was
     * verified in: quarkus-oidc attaches the request's routing context as an attribute, which must
     * be the current request's on every use.
     */
    private record Verified(SecurityIdentity identity, List<String> requestAttributes, Instant expires) {

        static Verified of(SecurityIdentity identity, Caller caller, Instant expires) {
            List<String> requestAttributes = identity.getAttributes().entrySet().stream()
                    .filter(e -> e.getValue() instanceof RoutingContext).map(Map.Entry::getKey).toList();
            QuarkusSecurityIdentity.Builder detached = QuarkusSecurityIdentity.builder(identity)
                    .addAttribute(ScopeResolver.CALLER_ATTRIBUTE, caller);
            requestAttributes.forEach(name -> detached.addAttribute(name, null));
            return new Verified(detached.build(), requestAttributes, expires);
        }

        boolean validAt(Instant now) {
            return now.isBefore(expires);
        }

        String signingKeyId() {
            return ((Caller) identity.getAttribute(ScopeResolver.CALLER_ATTRIBUTE)).signingKeyId();
        }

        SecurityIdentity boundTo(RoutingContext request) {
            return requestAttributes.isEmpty() ? identity : new BoundIdentity(identity, requestAttributes, request);
        }
    }

    /**
     * A cached identity as seen from one request: the attributes that held the verifying request
     * hold this one; everything else is the cached identity's. A view, not a copy: a polling
     * dashboard's every request would otherwise copy the identity's attributes, roles and
     * credentials.
     */
    private record BoundIdentity(SecurityIdentity identity, List<String> requestAttributes, RoutingContext request)
            implements SecurityIdentity {

        @Override
        public Principal getPrincipal() {
            return identity.getPrincipal();
        }

        @Override
        public boolean isAnonymous() {
            return identity.isAnonymous();
        }

        @Override
        public Set<String> getRoles() {
            return identity.getRoles();
        }

        @Override
        public boolean hasRole(String role) {
            return identity.hasRole(role);
        }

        @Override
        public Set<Permission> getPermissions() {
            return identity.getPermissions();
        }

        @Override
        public <T extends Credential> T getCredential(Class<T> type) {
            return identity.getCredential(type);
        }

        @Override
        public Set<Credential> getCredentials() {
            return identity.getCredentials();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getAttribute(String name) {
            return requestAttributes.contains(name) ? (T) request : identity.getAttribute(name);
        }

        @Override
        public Map<String, Object> getAttributes() {
            Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
            requestAttributes.forEach(name -> attributes.put(name, request));
            return Collections.unmodifiableMap(attributes);
        }

        @Override
        public Uni<Boolean> checkPermission(Permission permission) {
            return identity.checkPermission(permission);
        }

        @Override
        public String toString() {
            return "BoundIdentity[" + identity.getPrincipal().getName() + "]";
        }
    }

    /**
     * A whole token as a cache key, hashed over its last characters only: a JWT ends in its
     * signature, which differs from token to token, and hashing all 1-2 KB of it on every request
     * costs more than the lookup. Equality still compares every character. Only verified tokens are
     * ever stored, so nobody can fill the cache with keys chosen to collide.
     */
    private static final class TokenKey {

        private static final int HASHED_CHARACTERS = 32;

        private final String token;
        private final int hash;

        TokenKey(String token) {
            this.token = token;
            int h = token.length();
            for (int i = Math.max(0, token.length() - HASHED_CHARACTERS); i < token.length(); i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TokenKey key && hash == key.hash && token.equals(key.token);
        }
    }

    /** An entry lives until its token expires, and at most {@code max-age}. */
    private record UntilExpiry(Duration maxAge) implements Expiry<TokenKey, Verified> {

        @Override
        public long expireAfterCreate(TokenKey token, Verified verified, long currentTime) {
            Duration left = Duration.between(Instant.now(), verified.expires());
            return Math.max(0, (left.compareTo(maxAge) < 0 ? left : maxAge).toNanos());
        }

        @Override
        public long expireAfterUpdate(TokenKey token, Verified verified, long currentTime, long currentDuration) {
            return expireAfterCreate(token, verified, currentTime);
        }

        @Override
        public long expireAfterRead(TokenKey token, Verified verified, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
