package io.agentmonitor.gateway.security;

import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcResponseFilter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Watches every signing-key set (JWKS) quarkus-oidc fetches (at start, and again whenever a token
 * names a key it does not know, as after a key rotation) and empties {@link VerifiedTokens} when
 * the set differs from the previous one: a token signed by a key the provider has dropped must be
 * refused at once, not when it expires.
 */
@ApplicationScoped
@Unremovable
@OidcEndpoint(OidcEndpoint.Type.JWKS)
public class SigningKeysWatcher implements OidcResponseFilter {

    private final VerifiedTokens verified;
    private final AtomicReference<Object> keys = new AtomicReference<>();

    SigningKeysWatcher(VerifiedTokens verified) {
        this.verified = verified;
    }

    @Override
    public void filter(OidcResponseContext response) {
        if (response.statusCode() != 200 || response.responseBody() == null) {
            return;
        }
        Object current = fingerprint(response.responseBody().toString());
        Object previous = keys.getAndSet(current);
        if (previous != null && !Objects.equals(previous, current)) {
            verified.forgetAll("the identity provider's signing keys changed");
        }
    }

    /** The keys of a JWKS document, independent of their order; the whole text if it is not one. */
    static Object fingerprint(String jwks) {
        try {
            JsonArray keys = new JsonObject(jwks).getJsonArray("keys");
            TreeSet<String> set = new TreeSet<>();
            for (int i = 0; keys != null && i < keys.size(); i++) {
                set.add(keys.getJsonObject(i).encode());
            }
            return set;
        } catch (RuntimeException e) {
            Log.debug("The signing-key set is not a JWKS document");
            return jwks;
        }
    }
}
