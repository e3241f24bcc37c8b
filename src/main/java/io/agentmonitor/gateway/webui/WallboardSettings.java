package io.agentmonitor.gateway.webui;

import java.net.URI;

/**
 * What the page needs to start: where Keycloak and the realm are, which client to sign in with, and
 * the stream's timings (it reconnects after three missed heartbeats, polls at the freshness interval).
 */
public record WallboardSettings(String keycloakUrl, String realm, String clientId, long freshnessSeconds,
        long heartbeatSeconds) {

    /** Splits {@code <keycloak>/realms/<realm>} into the base URL and the realm name. */
    static WallboardSettings of(String realmUrl, String clientId, long freshnessSeconds, long heartbeatSeconds) {
        String url = realmUrl.endsWith("/") ? realmUrl.substring(0, realmUrl.length() - 1) : realmUrl;
        int realms = url.lastIndexOf("/realms/");
        if (realms < 0) {
            throw new IllegalArgumentException("gateway.wallboard.auth-server-url is not a realm URL: " + realmUrl);
        }
        return new WallboardSettings(url.substring(0, realms), url.substring(realms + "/realms/".length()), clientId,
                freshnessSeconds, heartbeatSeconds);
    }

    /** The Keycloak origin ({@code scheme://host[:port]}), the one place besides the gateway the page may connect to. */
    String keycloakOrigin() {
        URI uri = URI.create(keycloakUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
