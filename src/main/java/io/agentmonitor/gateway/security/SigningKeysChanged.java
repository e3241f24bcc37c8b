package io.agentmonitor.gateway.security;

import java.util.Set;

/**
 * The identity provider's signing-key set differs from the one seen before. {@code removed} holds
 * the ids of keys it no longer publishes: whatever they signed is no longer to be trusted, from
 * remembered identities to open streams.
 */
public record SigningKeysChanged(Set<String> removed) {
}
