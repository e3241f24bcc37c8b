package io.agentmonitor.gateway.security;

import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Why a request was not authenticated, in RFC 6750's terms, and no more: a client learns whether to
 * get a fresh token (expired), fix its token handling (not valid) or send one (missing), never which
 * other check a token failed. "Expired" is said only of a token whose signature verified: jose4j, which
 * verifies tokens for quarkus-oidc, checks the signature before it checks the time claims.
 */
public enum TokenRefusal {

    MISSING("The access token is missing"),
    INVALID("The access token is not valid"),
    EXPIRED("The access token expired");

    private final String description;

    TokenRefusal(String description) {
        this.description = description;
    }

    /**
     * The refusal of a request that carried {@code authorization} (its {@code Authorization} header,
     * or null) and failed authentication with {@code failure}.
     */
    public static TokenRefusal of(Throwable failure, String authorization) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid && invalid.hasExpired()) {
                return EXPIRED;
            }
        }
        return CachedBearerAuthentication.bearerToken(authorization) == null ? MISSING : INVALID;
    }

    /** A short sentence for {@code error_description} and the problem's {@code detail}. */
    public String description() {
        return description;
    }

    /**
     * The {@code WWW-Authenticate} challenge: {@code invalid_token} with its description for a token
     * that was sent; a bare {@code Bearer} when none was (RFC 6750, section 3.1: no error information
     * for a request without credentials).
     */
    public String challenge() {
        return this == MISSING ? "Bearer" : "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
    }
}
