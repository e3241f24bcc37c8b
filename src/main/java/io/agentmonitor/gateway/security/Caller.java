package io.agentmonitor.gateway.security;

import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;

/**
 * Who is calling, resolved once per request from the verified token, with how long that token
 * authorizes them: its {@code exp} ({@code null} for a token without one) and the id of the key that
 * signed it ({@code null} when its header names none). A long-lived response such as a stream ends
 * with them.
 */
public record Caller(
        String subject,
        String username,
        SortedSet<String> roles,
        SortedSet<String> groups,
        CampaignScope scope,
        Set<Capability> capabilities,
        Instant authorizedUntil,
        String signingKeyId) {

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }
}
