package io.agentmonitor.gateway.upstream;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;

/** How much attention an agent's time in status calls for: under, past the first, past the second threshold. */
@Schema(name = "AttentionLevel", description = "`ok` under the status's first threshold (or when it has none), "
        + "`warn` past the first, `alert` past the second.", enumeration = { "ok", "warn", "alert" })
public enum AttentionLevel {
    OK,
    WARN,
    ALERT;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
