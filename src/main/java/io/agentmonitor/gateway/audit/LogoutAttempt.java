package io.agentmonitor.gateway.audit;

import java.time.Instant;
import java.util.UUID;

import io.agentmonitor.gateway.security.Caller;

/**
 * What the gateway knows of a logout request before it acts: who, from where, whom, why, with
 * which idempotency key, and the agent's campaign once the upstream lookup told it.
 */
record LogoutAttempt(Caller caller, RequestOrigin origin, String targetUserId, String reason,
        String idempotencyKey, String campaignId) {

    LogoutAttempt withCampaign(String campaign) {
        return new LogoutAttempt(caller, origin, targetUserId, reason, idempotencyKey, campaign);
    }

    AuditEntry toEntry(Instant at) {
        String id = UUID.randomUUID().toString();
        return new AuditEntry(0, id, AuditEntry.EntryKind.ATTEMPT, id, at, bounded(caller.subject(), 255),
                bounded(caller.username(), 255), bounded(String.join(",", caller.roles()), 2000),
                bounded(origin.clientAddress(), 64), bounded(origin.userAgent(), 512), origin.requestId(),
                targetUserId, campaignId, reason, idempotencyKey, null, null, null, null, null, null, null);
    }

    static String bounded(String value, int max) {
        if (value == null) {
            return null;
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= max ? printable : printable.substring(0, max);
    }
}
