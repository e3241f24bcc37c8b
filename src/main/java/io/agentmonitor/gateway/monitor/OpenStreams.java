package io.agentmonitor.gateway.monitor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.SigningKeysChanged;
import io.quarkus.logging.Log;

/**
 * The open streams, each held only as long as the token that opened it authorizes it: a stream ends
 * with a {@code reauthenticate} event at its token's {@code exp}, and at once when the key that
 * signed its token leaves the identity provider's key set. A client carries on by opening the next
 * stream with a fresh token and {@code Last-Event-ID}, shortly before the old one ends.
 */
@ApplicationScoped
class OpenStreams {

    static final SseFrames.Frame TOKEN_EXPIRED = SseFrames.reauthenticate("token-expired",
            "The token that opened this stream has expired. Open the stream again with a fresh token and "
                    + "Last-Event-ID.");
    static final SseFrames.Frame KEY_REMOVED = SseFrames.reauthenticate("signing-key-removed",
            "The key that signed the token of this stream is no longer trusted. Sign in again and open the "
                    + "stream with a fresh token.");

    /** Open streams by the id of the key that signed their token. */
    private final ConcurrentHashMap<String, Set<SseConnection>> bySigningKey = new ConcurrentHashMap<>();

    /** Holds the stream for as long as the caller's token authorizes it. */
    void open(Caller caller, SseConnection connection) {
        if (caller.authorizedUntil() != null) {
            connection.endAt(caller.authorizedUntil(), TOKEN_EXPIRED);
        }
        String keyId = caller.signingKeyId();
        if (keyId != null) {
            bySigningKey.computeIfAbsent(keyId, k -> ConcurrentHashMap.newKeySet()).add(connection);
            connection.onClose(() -> bySigningKey.computeIfPresent(keyId,
                    (k, connections) -> connections.remove(connection) && connections.isEmpty() ? null : connections));
        }
    }

    void keysChanged(@Observes SigningKeysChanged change) {
        for (String keyId : change.removed()) {
            Set<SseConnection> connections = bySigningKey.remove(keyId);
            if (connections != null) {
                Log.infof("Ending %d streams of tokens signed by the removed key %s", connections.size(), keyId);
                connections.forEach(connection -> connection.endSoon(KEY_REMOVED));
            }
        }
    }
}
