package io.agentmonitor.gateway.audit;

import java.time.Duration;

import io.agentmonitor.gateway.problem.ProblemException;

/** Answers a repeated {@code Idempotency-Key} with the outcome of the attempt that first used it. */
final class IdempotentReplay {

    private IdempotentReplay() {
    }

    static LogoutResponse answer(LogoutRecord first, String userId) {
        if (!first.userId().equals(userId)) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                    "This Idempotency-Key was already used for the logout of another agent.");
        }
        if (first.outcome() == Outcome.PENDING) {
            throw new ProblemException(409, "logout-in-progress", "Logout in progress",
                    "The first request with this Idempotency-Key has no outcome yet.", null, Duration.ofSeconds(1));
        }
        if (first.outcome() == Outcome.SUCCEEDED) {
            return LogoutResponse.of(first);
        }
        throw LogoutFailure.ofType(first.problemType(), first.message()).problem(userId, first.upstreamCode(), first.message());
    }
}
