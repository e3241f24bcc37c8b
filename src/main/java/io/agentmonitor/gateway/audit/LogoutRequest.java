package io.agentmonitor.gateway.audit;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of a logout: why the manager logs the agent out, recorded in the audit trail. */
public record LogoutRequest(
        @NotBlank(message = "must say why the agent is logged out")
        @Size(max = LogoutRequest.REASON_MAX, message = "must be at most " + LogoutRequest.REASON_MAX + " characters")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String reason) {

    /** Longest reason accepted. */
    public static final int REASON_MAX = 500;
}
