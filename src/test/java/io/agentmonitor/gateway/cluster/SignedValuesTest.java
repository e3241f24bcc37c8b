package io.agentmonitor.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The MAC of what the replicas put in Redis: bound to where it lives, and to one deployment's key. */
class SignedValuesTest {

    private static final String KEY = "a-deployment-value-key-of-32-chars!";
    private final SignedValues signed = new SignedValues(KEY, true);

    @Test
    void aValueVerifiesOnlyWhereItWasStoredWithTheSameKeyAndUnchanged() {
        String mac = signed.sign("amg:snapshot:111|||", "1700000000000|0|{}");

        assertTrue(signed.verifies("amg:snapshot:111|||", "1700000000000|0|{}", mac));
        assertFalse(signed.verifies("amg:snapshot:222|||", "1700000000000|0|{}", mac), "moved to another view");
        assertFalse(signed.verifies("amg:snapshot:111|||", "1700000000001|0|{}", mac), "changed");
        assertFalse(new SignedValues("another-deployment-value-key-32-chars", true)
                .verifies("amg:snapshot:111|||", "1700000000000|0|{}", mac), "another deployment's key");
        assertFalse(signed.verifies("amg:snapshot:111|||", "1700000000000|0|{}", "not base64 !"));
        assertFalse(signed.verifies("amg:snapshot:111|||", "1700000000000|0|{}", null));
    }

    @Test
    void redisNeedsAKeyOfAtLeast32Characters() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new SignedValues(null, true));
        assertTrue(missing.getMessage().contains("GATEWAY_REDIS_VALUE_KEY"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> new SignedValues("short", true));
        assertFalse(new SignedValues(null, false).verifies("x", "y", "z"), "without Redis nothing verifies");
    }
}
