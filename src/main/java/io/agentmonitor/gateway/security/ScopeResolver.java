package io.agentmonitor.gateway.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Turns a verified identity into a {@link Caller}: its capabilities from role names, its campaign
 * scope from the role/group mapping and the optional campaign claim. Names without a mapping grant
 * no campaign, so a new role never widens anybody's view by accident.
 */
@ApplicationScoped
public class ScopeResolver {

    static final String ALL_CAMPAIGNS = "*";

    private final GatewayConfig.Scope scopeConfig;
    private final GatewayConfig.Roles roles;

    ScopeResolver(GatewayConfig config) {
        this.scopeConfig = config.scope();
        this.roles = config.roles();
    }

    /** Identity attribute holding the caller already resolved for it (see {@link VerifiedTokens}). */
    static final String CALLER_ATTRIBUTE = Caller.class.getName();

    public Caller resolve(SecurityIdentity identity) {
        if (identity.getAttribute(CALLER_ATTRIBUTE) instanceof Caller resolved) {
            return resolved;
        }
        SortedSet<String> roleNames = new TreeSet<>(identity.getRoles());
        SortedSet<String> groups = new TreeSet<>();
        List<String> claimed = new ArrayList<>();
        String subject = identity.getPrincipal().getName();
        String username = subject;
        Instant expires = null;
        String keyId = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            expires = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : null;
            keyId = TokenHeader.keyId(jwt.getRawToken());
            // A token without sub still names a principal: the limits and the budget count callers by it.
            subject = jwt.getSubject() != null ? jwt.getSubject() : subject;
            username = jwt.getClaim("preferred_username") != null ? jwt.getClaim("preferred_username").toString()
                    : jwt.getName();
            groups.addAll(ClaimValues.strings(jwt.getClaim("groups")));
            scopeConfig.claim().ifPresent(claim -> claimed.addAll(ClaimValues.strings(jwt.getClaim(claim))));
        }
        Set<Capability> capabilities = capabilities(roleNames);
        subject = subject == null ? "" : subject;
        return new Caller(subject, username, roleNames, groups, scope(roleNames, groups, claimed), capabilities,
                expires, keyId);
    }

    private Set<Capability> capabilities(Set<String> roleNames) {
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        if (roleNames.contains(roles.view()) || roleNames.contains(roles.admin())) {
            capabilities.add(Capability.VIEW);
        }
        if (roleNames.contains(roles.logout())) {
            capabilities.add(Capability.LOGOUT);
        }
        if (roleNames.contains(roles.audit())) {
            capabilities.add(Capability.AUDIT);
        }
        return capabilities;
    }

    private CampaignScope scope(Set<String> roleNames, Set<String> groups, Collection<String> claimed) {
        if (roleNames.contains(roles.admin())) {
            return CampaignScope.ALL;
        }
        Map<String, List<String>> mapping = scopeConfig.mapping();
        Set<String> campaigns = new TreeSet<>();
        for (String name : union(roleNames, groups)) {
            for (String campaign : mapping.getOrDefault(name, List.of())) {
                if (ALL_CAMPAIGNS.equals(campaign.trim())) {
                    return CampaignScope.ALL;
                }
                campaigns.add(campaign.trim());
            }
        }
        claimed.stream().map(String::trim).filter(c -> !c.isEmpty() && !ALL_CAMPAIGNS.equals(c))
                .forEach(campaigns::add);
        return CampaignScope.of(campaigns);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
