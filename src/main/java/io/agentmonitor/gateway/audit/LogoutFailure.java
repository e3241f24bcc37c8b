package io.agentmonitor.gateway.audit;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;

import io.agentmonitor.gateway.problem.ProblemException;
import io.agentmonitor.gateway.upstream.UpstreamAuthException;
import io.agentmonitor.gateway.upstream.UpstreamErrorException;
import io.agentmonitor.gateway.upstream.UpstreamMalformedException;
import io.agentmonitor.gateway.upstream.UpstreamTimeoutException;

/**
 * Every way a logout can end other than success, with the problem it answers. The audit trail
 * stores the constant's {@link #type()} with the upstream's code and text, which is all it takes to
 * answer a repeated {@code Idempotency-Key} with the same problem.
 */
public enum LogoutFailure {

    MISSING_ROLE(Outcome.REJECTED, 403, "forbidden", "Forbidden", "Logging agents out needs the logout role."),
    OUT_OF_SCOPE(Outcome.REJECTED, 403, "forbidden", "Forbidden",
            "Agent %1$s is not in a campaign of your scope."),
    AGENT_NOT_FOUND(Outcome.FAILED, 404, "agent-not-found", "Agent not found",
            "The agent monitor knows no agent %1$s."),
    NOT_LOGGED_IN(Outcome.FAILED, 409, "agent-not-logged-in", "Agent not logged in",
            "Agent %1$s is not logged in."),
    UPSTREAM_ERROR(Outcome.FAILED, 502, "upstream-error", "Upstream error",
            "The agent monitor service answered an error: %2$s"),
    UPSTREAM_CREDENTIALS(Outcome.FAILED, 502, "upstream-credentials", "Upstream refused the gateway",
            "The agent monitor service refused the gateway's credentials."),
    UPSTREAM_MALFORMED(Outcome.FAILED, 502, "upstream-malformed", "Upstream answer unreadable",
            "The agent monitor service answered something unreadable: %2$s."),
    UPSTREAM_UNAVAILABLE(Outcome.FAILED, 503, "upstream-unavailable", "Upstream unavailable",
            "The agent monitor service is unavailable: %2$s."),
    UPSTREAM_TIMEOUT(Outcome.FAILED, 504, "upstream-timeout", "Upstream timeout",
            "The agent monitor service did not answer in time; the agent may or may not be logged out."),
    /** The gateway stopped while the logout was under way; the message says whether the agent is logged out now. */
    INTERRUPTED(Outcome.INTERRUPTED, 409, "logout-interrupted", "Logout interrupted",
            "The gateway stopped while the logout of agent %1$s was under way (%2$s); send a new request to try again.");

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Outcome outcome;
    private final int status;
    private final String slug;
    private final String title;
    private final String detail;

    LogoutFailure(Outcome outcome, int status, String slug, String title, String detail) {
        this.outcome = outcome;
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
    }

    /** The problem type stored in {@code audit_entry.problem_type}: the API's, as the caller was answered. */
    public String type() {
        return slug;
    }

    public Outcome outcome() {
        return outcome;
    }

    public int status() {
        return status;
    }

    /** The problem for the logout of {@code userId}; {@code message} is the upstream's text, if any. */
    public ProblemException problem(String userId, Integer upstreamCode, String message) {
        Duration retryAfter = status == 503 || status == 504 ? RETRY_AFTER : null;
        return new ProblemException(status, slug, title, String.format(Locale.ROOT, detail, userId, message),
                upstreamCode, retryAfter);
    }

    /**
     * The failure stored as {@code type} with {@code message}: the API's problem type ({@code forbidden}
     * is a missing role without a message, an agent out of scope with one), or the constant's name in
     * lower case, as entries written before the trail used the API's types stored it.
     */
    public static LogoutFailure ofType(String type, String message) {
        if ("forbidden".equals(type)) {
            return message == null ? MISSING_ROLE : OUT_OF_SCOPE;
        }
        for (LogoutFailure failure : values()) {
            if (failure.slug.equals(type) || failure.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(type)) {
                return failure;
            }
        }
        throw new IllegalArgumentException("unknown logout failure type " + type);
    }

    /** The failure that an upstream call's exception stands for. */
    public static LogoutFailure of(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof UpstreamErrorException e) {
            if (e.hasCode(UpstreamErrorException.INVALID_USER)) {
                return AGENT_NOT_FOUND;
            }
            return e.hasCode(UpstreamErrorException.USER_NOT_LOGGED_IN) ? NOT_LOGGED_IN : UPSTREAM_ERROR;
        }
        if (t instanceof UpstreamAuthException) {
            return UPSTREAM_CREDENTIALS;
        }
        if (t instanceof UpstreamMalformedException) {
            return UPSTREAM_MALFORMED;
        }
        if (t instanceof UpstreamTimeoutException || t instanceof io.smallrye.mutiny.TimeoutException) {
            return UPSTREAM_TIMEOUT;
        }
        return UPSTREAM_UNAVAILABLE;
    }
}
