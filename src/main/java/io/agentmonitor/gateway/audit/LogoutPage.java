package io.agentmonitor.gateway.audit;

import java.util.List;

/** One page of the audit query, newest first; {@code nextCursor} is absent on the last page. */
public record LogoutPage(List<LogoutRecord> items, String nextCursor) {
}
