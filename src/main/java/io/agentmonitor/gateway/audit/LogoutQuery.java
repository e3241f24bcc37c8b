package io.agentmonitor.gateway.audit;

import java.time.Instant;

/**
 * Filters of the audit query; {@code null} means "any". {@code actor} matches the username or the
 * subject; {@code from} is inclusive and {@code to} exclusive; {@code beforeSeq} is the cursor.
 */
record LogoutQuery(String actor, String agent, String campaign, Outcome outcome, Instant from, Instant to,
        Long beforeSeq) {
}
