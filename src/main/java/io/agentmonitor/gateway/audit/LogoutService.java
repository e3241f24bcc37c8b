package io.agentmonitor.gateway.audit;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.security.Caller;
import io.agentmonitor.gateway.security.Capability;
import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.ConvosoClient;
import io.agentmonitor.gateway.upstream.SearchQuery;
import io.agentmonitor.gateway.upstream.UpstreamErrorException;
import io.quarkus.logging.Log;

/**
 * A manager's logout of one agent: checks role and scope against a fresh upstream lookup of the
 * agent, commits the attempt, calls the upstream once (never retried), commits the outcome. Blocking:
 * call it from a worker thread.
 */
@ApplicationScoped
public class LogoutService {

    private final ConvosoClient upstream;
    private final LogoutAuditTrail trail;
    private final AuditRepository repository;
    private final Event<AgentLoggedOut> loggedOut;
    private final Duration upstreamBound;

    LogoutService(ConvosoClient upstream, LogoutAuditTrail trail, AuditRepository repository,
            Event<AgentLoggedOut> loggedOut, GatewayConfig config) {
        this.upstream = upstream;
        this.trail = trail;
        this.repository = repository;
        this.loggedOut = loggedOut;
        // The client bounds each call itself; this only guards the worker against a lost answer.
        this.upstreamBound = config.upstream().timeout().plusSeconds(5);
    }

    /**
     * Logs {@code userId} out on behalf of {@code caller}.
     *
     * @throws io.agentmonitor.gateway.problem.ProblemException for every refusal or failure
     * @throws AuditStoreException when the attempt cannot be recorded (nothing was done)
     */
    public LogoutResponse logout(Caller caller, RequestOrigin origin, String userId, String reason,
            String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<LogoutRecord> first = repository.idempotent(caller.subject(), idempotencyKey);
            if (first.isPresent()) {
                return IdempotentReplay.answer(first.get(), userId);
            }
        }
        LogoutAttempt attempt = new LogoutAttempt(caller, origin, userId, reason, idempotencyKey, null);
        try {
            return perform(caller, attempt);
        } catch (AuditChain.IdempotencyKeyTaken e) {
            // A concurrent request with the same key won the claim: answer as it did (or will).
            return IdempotentReplay.answer(repository.idempotent(caller.subject(), idempotencyKey).orElseThrow(),
                    userId);
        }
    }

    private LogoutResponse perform(Caller caller, LogoutAttempt attempt) {
        String userId = attempt.targetUserId();
        if (!caller.can(Capability.LOGOUT)) {
            throw decided(attempt, LogoutFailure.MISSING_ROLE, null, null);
        }
        Agent agent;
        try {
            agent = lookup(userId);
        } catch (RuntimeException e) {
            // The upstream's own answer about this agent decides the request; anything else (no
            // answer, no budget permit, an unreadable answer) says nothing about it, and a retry with
            // the same key must be tried afresh.
            boolean decision = e instanceof UpstreamErrorException;
            throw concluded(attempt, decision, LogoutFailure.of(e), code(e), message(e));
        }
        if (agent == null) {
            throw decided(attempt, LogoutFailure.AGENT_NOT_FOUND, null, "agent not in the search result");
        }
        attempt = attempt.withCampaign(agent.campaignId());
        if (!caller.scope().contains(agent.campaignId())) {
            throw decided(attempt, LogoutFailure.OUT_OF_SCOPE, null, "agent's campaign is not in the caller's scope");
        }
        AuditEntry begun = trail.begin(attempt);
        try {
            upstream.logout(userId).await().atMost(upstreamBound);
        } catch (RuntimeException e) {
            LogoutFailure failure = LogoutFailure.of(e);
            finish(begun, OutcomeDetail.of(failure, code(e), message(e)));
            throw failure.problem(userId, code(e), message(e));
        }
        AuditEntry outcome = finish(begun, OutcomeDetail.succeeded());
        announce(new AgentLoggedOut(userId, agent.campaignId()));
        return new LogoutResponse(begun.id(), userId, agent.campaignId(), Outcome.SUCCEEDED, begun.requestId(),
                outcome == null ? null : outcome.recordedAt());
    }

    /** The agent as a fresh search lists it (never a cached snapshot), or null. */
    private Agent lookup(String userId) {
        AgentMonitorSnapshot snapshot = upstream.search(SearchQuery.of(null, null, userId, null)).await()
                .atMost(upstreamBound);
        return snapshot.agents().stream().filter(a -> userId.equals(a.userId())).findFirst().orElse(null);
    }

    /** Records an attempt decided without a logout call, and answers the problem to throw. */
    private RuntimeException decided(LogoutAttempt attempt, LogoutFailure failure, Integer code, String message) {
        return concluded(attempt, true, failure, code, message);
    }

    /**
     * Records an attempt that ended without a logout call; only a decision about the request binds
     * its idempotency key to this answer.
     */
    private RuntimeException concluded(LogoutAttempt attempt, boolean decision, LogoutFailure failure, Integer code,
            String message) {
        trail.conclude(attempt, OutcomeDetail.of(failure, code, message), decision);
        return failure.problem(attempt.targetUserId(), code, message);
    }

    /** The outcome entry, or null when it could not be written: the attempt then shows as pending. */
    private AuditEntry finish(AuditEntry attempt, OutcomeDetail detail) {
        try {
            return trail.finish(attempt, detail);
        } catch (AuditStoreException e) {
            Log.errorf("Outcome %s of logout attempt %s could not be recorded; it shows as pending: %s",
                    detail.outcome(), attempt.id(), e.getMessage());
            return null;
        }
    }

    private void announce(AgentLoggedOut event) {
        try {
            loggedOut.fire(event);
        } catch (RuntimeException e) {
            Log.warnf("An observer of the logout of agent %s failed: %s", event.userId(), e.toString());
        }
    }

    private static Integer code(Throwable e) {
        return e instanceof UpstreamErrorException error ? error.code() : null;
    }

    private static String message(Throwable e) {
        return e instanceof UpstreamErrorException error ? error.text() : e.getMessage();
    }
}
