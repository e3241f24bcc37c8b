package io.agentmonitor.gateway.upstream;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;

/**
 * The one way into the Convoso Agent Monitor API. Adds the {@code auth_token}, bounds every call
 * in time, and turns whatever comes back into a snapshot or a typed {@link UpstreamException}.
 * Never logs the token or the URLs that carry it.
 */
@ApplicationScoped
public class ConvosoClient {

    private static final TypeLiteral<Uni<AgentMonitorSnapshot>> SNAPSHOT = new TypeLiteral<>() {
    };

    private final ConvosoApi api;
    private final GatewayConfig.Upstream config;
    private final UpstreamMetrics metrics;
    private final Guard searchGuard;
    private final SearchBudget budget;
    private final Duration budgetWait;

    ConvosoClient(@RestClient ConvosoApi api, GatewayConfig config, UpstreamMetrics metrics, SearchBudget budget) {
        this.api = api;
        this.config = config.upstream();
        this.metrics = metrics;
        this.searchGuard = SearchGuard.create(config.budget(), metrics);
        this.budget = budget;
        this.budgetWait = config.budget().permitWait();
    }

    /**
     * One upstream search for a caller who is waiting: when the upstream budget has no permit left,
     * it waits for one (with jittered back-off) up to {@code gateway.budget.permit-wait}.
     */
    public Uni<AgentMonitorSnapshot> search(SearchQuery query) {
        return search(query, budgetWait);
    }

    /** Like {@link #search(SearchQuery)}, waiting at most {@code wait} for a budget permit. */
    public Uni<AgentMonitorSnapshot> search(SearchQuery query, Duration wait) {
        return search(query, wait, PermitWait.PATIENT);
    }

    /**
     * Like {@link #search(SearchQuery, Duration)}, telling {@code waiting} of every attempt that found
     * no permit, and giving up as soon as it no longer wants the answer.
     */
    public Uni<AgentMonitorSnapshot> search(SearchQuery query, Duration wait, PermitWait waiting) {
        return Uni.createFrom().deferred(() -> {
            // A shared budget may reserve a permit ahead of time: never further ahead than the caller waits.
            long deadline = System.nanoTime() + wait.toNanos();
            return attempt(query, deadline)
                    .onFailure(UpstreamBudgetExhaustedException.class).invoke(waiting::refused)
                    .onFailure(e -> e instanceof UpstreamBudgetExhaustedException && waiting.stillWanted()).retry()
                    .withBackOff(Duration.ofMillis(20), Duration.ofMillis(400)).withJitter(0.5)
                    .expireIn(wait.toMillis())
                    // Mutiny ends an expired retry with an IllegalStateException: still "no permit".
                    .onFailure(IllegalStateException.class).transform(e -> new UpstreamBudgetExhaustedException());
        });
    }

    /**
     * One upstream search within the upstream budget (failing at once with
     * {@link UpstreamBudgetExhaustedException} when it has no permit), behind the circuit breaker,
     * retried with jittered back-off on transient failures (each attempt takes a permit).
     */
    private Uni<AgentMonitorSnapshot> attempt(SearchQuery query, long deadline) {
        return searchGuard.get(() -> budget.permit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
                .chain(() -> searchOnce(query)), SNAPSHOT)
                .onFailure(CircuitBreakerOpenException.class).transform(e -> new UpstreamUnavailableException(0,
                        null, "upstream circuit is open after repeated failures"));
    }

    private Uni<AgentMonitorSnapshot> searchOnce(SearchQuery query) {
        Uni<RestResponse<String>> call = config.searchMethod() == GatewayConfig.SearchMethod.GET
                ? api.searchQuery(config.authToken(), query.campaignId(), query.queueId(), query.userId(),
                        query.skillOptions())
                : api.searchForm(config.authToken(), query.campaignId(), query.queueId(), query.userId(),
                        query.skillOptions());
        return metrics.timed(UpstreamMetrics.SEARCH, bounded(call).map(response -> SnapshotReader.read(response, config.timeZone()))
                .onFailure().transform(this::redacted));
    }

    /** One {@code /agent-monitor/logout} call. Never retried: a logout is not idempotent upstream. */
    public Uni<Void> logout(String userId) {
        Uni<Void> call = bounded(api.logout(config.authToken(), userId))
                .map(response -> {
                    UpstreamBodies.requireSuccess(response.getStatus(), UpstreamBodies.retryAfter(response),
                            UpstreamBodies.text(response));
                    return (Void) null;
                })
                .onFailure().transform(this::redacted);
        return metrics.timed(UpstreamMetrics.LOGOUT, call);
    }

    private Uni<RestResponse<String>> bounded(Uni<RestResponse<String>> call) {
        Duration timeout = config.timeout();
        return call.ifNoItem().after(timeout).failWith(UpstreamTimeoutException::new)
                .onFailure(failure -> !(failure instanceof UpstreamException))
                .transform(ConvosoClient::classify);
    }

    /** An upstream that echoes its request back must not make the gateway repeat the token. */
    private Throwable redacted(Throwable failure) {
        if (failure instanceof UpstreamErrorException e && e.text().contains(config.authToken())) {
            return new UpstreamErrorException(e.code(), e.text().replace(config.authToken(), "[redacted]"));
        }
        return failure;
    }

    /** Transport failures carry URLs (and so the token) in their messages: never pass them on. */
    private static UpstreamException classify(Throwable failure) {
        if (failure instanceof TimeoutException || isReadTimeout(failure)) {
            return new UpstreamTimeoutException();
        }
        Log.debugf("Upstream call failed: %s", failure.getClass().getSimpleName());
        if (failure instanceof ConnectException || failure instanceof VertxException
                || failure.getCause() instanceof ConnectException) {
            return new UpstreamUnavailableException(0, null, "upstream unreachable");
        }
        return new UpstreamUnavailableException(0, null, "upstream call failed");
    }

    private static boolean isReadTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
