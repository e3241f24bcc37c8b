package io.agentmonitor.gateway.audit;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of a logout: why the manager logs the agent out, recorded in the audit trail. */
@Schema(name = "LogoutRequest", requiredProperties = "reason")
public record LogoutRequest(
        @Schema(description = "Why the agent is logged out; recorded in the audit trail. Not blank, no control "
                + "characters.", minLength = 1, maxLength = LogoutRequest.REASON_MAX, pattern = "^[^\\x00-\\x1F\\x7F]*$",
                examples = "End of shift")
        @NotBlank(message = "must say why the agent is logged out")
        @Size(max = LogoutRequest.REASON_MAX, message = "must be at most " + LogoutRequest.REASON_MAX + " characters")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String reason) {

    /** Longest reason accepted. */
    public static final int REASON_MAX = 500;
}
