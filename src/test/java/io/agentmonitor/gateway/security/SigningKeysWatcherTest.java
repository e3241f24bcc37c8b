package io.agentmonitor.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which keys the identity provider dropped, told from the key sets the gateway reads. */
class SigningKeysWatcherTest {

    private static final String A = "{\"kid\":\"a\",\"kty\":\"RSA\",\"n\":\"1\",\"e\":\"AQAB\"}";
    private static final String B = "{\"kid\":\"b\",\"kty\":\"RSA\",\"n\":\"2\",\"e\":\"AQAB\"}";

    private final List<SigningKeysChanged> changes = new ArrayList<>();
    private final SigningKeysWatcher watcher = new SigningKeysWatcher(changes::add);

    @Test
    void theSameSetInAnotherOrderIsNoChange() {
        watcher.observed(jwks(A, B));
        watcher.observed(jwks(B, A));

        assertEquals(List.of(), changes);
    }

    @Test
    void aKeyThatDisappearsWithoutANewOneIsNamedAndRefused() {
        watcher.observed(jwks(A));
        watcher.observed(jwks(A, B)); // staged rotation: a new key first
        assertEquals(List.of(new SigningKeysChanged(Set.of())), changes);
        assertFalse(watcher.isRemoved("a"));

        watcher.observed(jwks(B)); // then the old key goes, and no new key id appears

        assertEquals(new SigningKeysChanged(Set.of("a")), changes.get(1));
        assertTrue(watcher.isRemoved("a"));
        assertFalse(watcher.isRemoved("b"));
        assertFalse(watcher.isRemoved(null));
    }

    @Test
    void aKeyPublishedAgainIsTrustedAgain() {
        watcher.observed(jwks(A, B));
        watcher.observed(jwks(B));
        watcher.observed(jwks(A, B));

        assertFalse(watcher.isRemoved("a"));
    }

    @Test
    void somethingThatIsNotAKeySetChangesNothing() {
        watcher.observed(jwks(A));
        watcher.observed("<html>Service Unavailable</html>");
        watcher.observed("{\"error\":\"busy\"}");
        watcher.observed("[]");

        assertEquals(List.of(), changes);
        assertFalse(watcher.isRemoved("a"));
        watcher.observed(jwks(B));
        assertEquals(List.of(new SigningKeysChanged(Set.of("a"))), changes);
    }

    private static String jwks(String... keys) {
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }
}
