package io.agentmonitor.gateway.security;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcResponseFilter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Watches every signing-key set (JWKS) the gateway sees: each one quarkus-oidc fetches (at start,
 * and whenever a token names a key it does not know, as after a key rotation) and each one
 * {@link SigningKeysPoller} reads on its own schedule. When the set differs from the previous one it
 * announces {@link SigningKeysChanged}, naming the keys that disappeared, and remembers them: a token
 * signed by a key the provider has dropped must be refused at once, not when it expires.
 * <p>
 * quarkus-oidc has no API to drop a key from the set it resolved early, and refetches that set only
 * for a token naming an unknown key; the gateway refuses tokens of removed keys in front of it
 * ({@link CachedBearerAuthentication}), so a removed key is refused whatever quarkus-oidc caches.
 */
@ApplicationScoped
@Unremovable
@OidcEndpoint(OidcEndpoint.Type.JWKS)
public class SigningKeysWatcher implements OidcResponseFilter {

    private final Consumer<SigningKeysChanged> changes;
    private Set<String> fingerprint;
    private Set<String> published = Set.of();
    private volatile Set<String> removed = Set.of();

    @Inject
    SigningKeysWatcher(Event<SigningKeysChanged> changes) {
        this((Consumer<SigningKeysChanged>) changes::fire);
    }

    /** Announces each change to {@code changes}. */
    SigningKeysWatcher(Consumer<SigningKeysChanged> changes) {
        this.changes = changes;
    }

    @Override
    public void filter(OidcResponseContext response) {
        if (response.statusCode() == 200 && response.responseBody() != null) {
            observed(response.responseBody().toString());
        }
    }

    /** Whether the provider once published the key {@code keyId} and publishes it no more. */
    public boolean isRemoved(String keyId) {
        return keyId != null && removed.contains(keyId);
    }

    /**
     * Takes in a JWKS document just read from the provider. Anything else (an error page answered
     * with 200 by a proxy) says nothing about the keys and is ignored.
     */
    void observed(String jwks) {
        JsonArray keys = keys(jwks);
        if (keys == null) {
            Log.debug("The signing-key set read is not a JWKS document; ignored");
            return;
        }
        SigningKeysChanged change;
        synchronized (this) {
            Set<String> current = new TreeSet<>();
            Set<String> now = new TreeSet<>();
            for (int i = 0; i < keys.size(); i++) {
                if (keys.getValue(i) instanceof JsonObject key) {
                    current.add(key.encode());
                    if (key.getValue("kid") instanceof String kid) {
                        now.add(kid);
                    }
                }
            }
            Set<String> previous = fingerprint;
            Set<String> gone = new TreeSet<>(published);
            gone.removeAll(now);
            fingerprint = current;
            published = now;
            if (previous == null || previous.equals(current)) {
                return;
            }
            Set<String> stillRemoved = new TreeSet<>(removed);
            stillRemoved.removeAll(now); // a key published again is trusted again
            stillRemoved.addAll(gone);
            removed = Set.copyOf(stillRemoved);
            change = new SigningKeysChanged(Set.copyOf(gone));
        }
        Log.infof("The identity provider's signing keys changed%s", change.removed().isEmpty() ? ""
                : "; removed: " + String.join(", ", change.removed()));
        changes.accept(change);
    }

    private static JsonArray keys(String jwks) {
        try {
            return new JsonObject(jwks).getJsonArray("keys");
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
