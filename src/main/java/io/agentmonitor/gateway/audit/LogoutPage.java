package io.agentmonitor.gateway.audit;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of the audit query, newest first; {@code nextCursor} is absent on the last page. */
@Schema(name = "LogoutPage", requiredProperties = "items")
public record LogoutPage(
        @Schema(description = "Logout attempts, newest first.") List<LogoutRecord> items,
        @Schema(description = "Pass as `cursor` for the next page; absent on the last page.") String nextCursor) {
}
