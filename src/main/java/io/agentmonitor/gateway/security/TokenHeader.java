package io.agentmonitor.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.vertx.core.json.JsonObject;

/** What the gateway reads from a compact JWS header: the id of the signing key. */
final class TokenHeader {

    private TokenHeader() {
    }

    /** The header's {@code kid}, or null when the token has none or is not a readable compact JWS. */
    static String keyId(String token) {
        if (token == null) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
            Object kid = new JsonObject(new String(header, StandardCharsets.UTF_8)).getValue("kid");
            return kid instanceof String id ? id : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
