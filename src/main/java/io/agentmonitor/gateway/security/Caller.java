package io.agentmonitor.gateway.security;

import java.util.Set;
import java.util.SortedSet;

/** Who is calling, resolved once per request from the verified token. */
public record Caller(
        String subject,
        String username,
        SortedSet<String> roles,
        SortedSet<String> groups,
        CampaignScope scope,
        Set<Capability> capabilities) {

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }
}
