package io.agentmonitor.gateway.upstream;

import java.time.Duration;

/**
 * The gateway's own upstream budget ({@code gateway.budget.searches-per-second}) has no permit left
 * for this search; the upstream was not called.
 */
public class UpstreamBudgetExhaustedException extends UpstreamUnavailableException {

    public UpstreamBudgetExhaustedException() {
        super(0, Duration.ofSeconds(1), "the gateway's upstream budget is exhausted");
    }
}
