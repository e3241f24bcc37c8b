package io.agentmonitor.gateway.security;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

import io.quarkus.arc.Unremovable;

/**
 * Refuses access tokens issued in the future. quarkus-oidc checks {@code exp} and {@code nbf} but
 * not {@code iat}; a token "issued" tomorrow is not one the realm issued, whatever its signature
 * says. quarkus-oidc registers every {@link Validator} bean with its token verification.
 */
@ApplicationScoped
@Unremovable
public class IssuedAtValidator implements Validator {

    /** Tolerated difference between Keycloak's clock and the gateway's. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    @Override
    public String validate(JwtContext context) throws MalformedClaimException {
        NumericDate issuedAt = context.getJwtClaims().getIssuedAt();
        if (issuedAt != null && issuedAt.getValue() > Instant.now().plus(CLOCK_SKEW).getEpochSecond()) {
            return "The token was issued in the future";
        }
        return null;
    }
}
