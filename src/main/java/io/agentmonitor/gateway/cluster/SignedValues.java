package io.agentmonitor.gateway.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;

/**
 * HMAC-SHA256 of what the replicas store and publish in Redis, with the secret of the deployment
 * ({@code gateway.redis.value-key}). The MAC covers where the value lives (its key or channel) as
 * well as the value, so an answer moved to another view's key, or a notice replayed on another
 * channel, does not verify. Values that Redis scripts compute with (leases, the budget) are
 * range-checked by those scripts instead.
 */
// Made at start-up, so that a missing or unusable key stops the gateway there, not at its first use.
@Startup
@ApplicationScoped
public class SignedValues {

    /** The format every signed value and notice starts with; a replica reads no other. */
    static final String VERSION = "v2";
    private static final int MIN_KEY_LENGTH = 32;

    private final SecretKeySpec key;

    @Inject
    SignedValues(GatewayConfig config) {
        this(config.redis().valueKey().orElse(null), config.redis().enabled());
    }

    /** With {@code secret} (null: none, which only a gateway without Redis may have). */
    SignedValues(String secret, boolean required) {
        if (secret == null && required) {
            throw new IllegalStateException("gateway.redis.value-key (GATEWAY_REDIS_VALUE_KEY) must be set when Redis "
                    + "is on: a secret of at least " + MIN_KEY_LENGTH + " characters that the replicas of this "
                    + "deployment share (deploy/README.md)");
        }
        if (secret != null && secret.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("gateway.redis.value-key must be at least " + MIN_KEY_LENGTH + " characters");
        }
        this.key = secret == null ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The MAC of {@code payload} stored at (or published on) {@code where}, in unpadded base64url. */
    String sign(String where, String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(where, payload));
    }

    /** Whether {@code mac} is the MAC of {@code payload} at {@code where}; in constant time. */
    boolean verifies(String where, String payload, String mac) {
        if (key == null || mac == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(mac);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(where, payload), given);
    }

    private byte[] mac(String where, String payload) {
        if (key == null) {
            throw new IllegalStateException("no gateway.redis.value-key: nothing is shared through Redis");
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(where.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) '\n');
            return hmac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
