package io.agentmonitor.gateway.webui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the wallboard page at {@code /} signs its users in. Served to the page at runtime
 * ({@code /config.json}), so one build runs against any Keycloak.
 */
@ConfigMapping(prefix = "gateway.wallboard")
public interface WallboardConfig {

    /**
     * The realm URL as browsers reach it ({@code https://sso.example.com/realms/agent-monitor}).
     * Defaults to the realm the gateway verifies tokens against; set it when the gateway reaches
     * Keycloak at an internal address that browsers cannot use.
     */
    @WithDefault("${quarkus.oidc.auth-server-url}")
    String authServerUrl();

    /** The public client (authorization code with PKCE) the page signs in with. */
    @WithDefault("agent-monitor-dashboard")
    String clientId();
}
