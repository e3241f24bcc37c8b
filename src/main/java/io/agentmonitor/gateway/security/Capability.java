package io.agentmonitor.gateway.security;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a caller may do; granted by the roles named in {@code gateway.roles.*}. */
public enum Capability {
    VIEW,
    LOGOUT,
    AUDIT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
