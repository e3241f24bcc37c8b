package io.agentmonitor.gateway.webui;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;

/** The page's settings and its Content-Security-Policy, both derived from configuration once. */
@ApplicationScoped
public class WallboardPolicy {

    private final WallboardSettings settings;
    private final String contentSecurityPolicy;

    WallboardPolicy(WallboardConfig wallboard, GatewayConfig gateway) {
        this.settings = WallboardSettings.of(wallboard.authServerUrl(), wallboard.clientId(),
                Math.max(1, gateway.cache().freshness().toSeconds()), Math.max(1, gateway.cache().heartbeat().toSeconds()));
        // Scripts, styles and images from the gateway only; fetches to the gateway and to Keycloak
        // (token endpoint); no frames, no plugins, no inline code. Sign-in and sign-out are top-level
        // navigations to Keycloak, which connect-src does not govern.
        this.contentSecurityPolicy = String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self'",
                "connect-src 'self' " + settings.keycloakOrigin(),
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    WallboardSettings settings() {
        return settings;
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }
}
