package io.agentmonitor.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Signed access tokens shaped like the agent-monitor realm's, for the demo personas of the tests. */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "agent-monitor-gateway";

    private TestTokens() {
    }

    /** Supervisor of campaign 111. */
    public static String supervisor() {
        return token("sam", List.of("monitor-viewer"), List.of("campaign-111"));
    }

    /** Supervisor of campaign 222. */
    public static String otherSupervisor() {
        return token("olga", List.of("monitor-viewer"), List.of("campaign-222"));
    }

    /** Manager of campaigns 111 and 112. */
    public static String manager() {
        return token("maria", List.of("monitor-viewer", "agent-manager"), List.of("east-managers"));
    }

    public static String admin() {
        return token("ada", List.of("monitor-viewer", "monitor-admin"), List.of());
    }

    public static String auditor() {
        return token("otto", List.of("auditor"), List.of());
    }

    /** May view, but no role or group maps to a campaign. */
    public static String noCampaign() {
        return token("nick", List.of("monitor-viewer"), List.of());
    }

    /** In campaign 111's group but without any gateway role. */
    public static String noRole() {
        return token("rita", List.of("offline_access"), List.of("campaign-111"));
    }

    public static String token(String username, List<String> realmRoles, List<String> groups) {
        return claims(username, realmRoles, groups).sign("privateKey.jwk");
    }

    public static JwtClaimsBuilder claims(String username, List<String> realmRoles, List<String> groups) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("sub-" + username)
                .preferredUserName(username)
                .claim("realm_access", Map.of("roles", realmRoles))
                .expiresIn(300);
        return groups.isEmpty() ? claims : claims.groups(Set.copyOf(groups));
    }
}
