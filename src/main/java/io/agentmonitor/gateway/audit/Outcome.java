package io.agentmonitor.gateway.audit;

import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a logout attempt ended. {@code PENDING} is never stored: it is what the query shows for an
 * attempt without an outcome entry (in flight, or interrupted between the two writes).
 */
@Schema(name = "Outcome", type = SchemaType.STRING, enumeration = { "succeeded", "failed", "rejected", "interrupted", "pending" },
        description = "How a logout attempt ended: `succeeded`, `failed` (unknown agent, not logged in, upstream "
                + "trouble), `rejected` (missing role, agent out of scope), `interrupted` (the gateway stopped during the "
                + "upstream call; the message says whether the agent is logged out now) or `pending` (no outcome "
                + "recorded yet).")
public enum Outcome {
    /** The upstream logged the agent out. */
    SUCCEEDED,
    /** The gateway or the upstream could not do it (unknown agent, not logged in, upstream trouble). */
    FAILED,
    /** The gateway refused: missing role or agent out of scope. */
    REJECTED,
    /** The gateway stopped while the upstream call was under way; recorded when it found the attempt later. */
    INTERRUPTED,
    /** Attempt recorded, outcome not (yet). */
    PENDING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome named {@code value} ({@code succeeded}, ...), or {@code null} for anything else. */
    public static Outcome parse(String value) {
        for (Outcome outcome : values()) {
            if (outcome.wireName().equals(value)) {
                return outcome;
            }
        }
        return null;
    }
}
