package io.agentmonitor.gateway.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;

/**
 * The control surface of the built-in Convoso simulator, for tests, benchmarks and other packages:
 * its call counters, its fault switches, its envelope, its rate limit, and a hand on individual
 * agents. {@link #reset()} puts everything back as configured.
 *
 * <p>
 * Faults are separate for the two endpoints: {@link #fault(SimulatorFault)} applies to search only,
 * {@link #logoutFault(SimulatorFault)} to logout only, so a test can break one and keep the other.
 */
@ApplicationScoped
public class ConvosoSimulator {

    private static final int SEARCH_LOG_SIZE = 10_000;

    private final GatewayConfig.Simulator config;
    private final SimulatedCallCenter callCenter;
    private final SimulatorRateLimit rateLimit;
    private final AtomicLong searchCalls = new AtomicLong();
    private final AtomicLong logoutCalls = new AtomicLong();
    private final AtomicLong rateLimitedCalls = new AtomicLong();
    private final AtomicLong faultedCalls = new AtomicLong();
    private final ConcurrentLinkedDeque<SimulatorSearch> searches = new ConcurrentLinkedDeque<>();
    private volatile SimulatorFault fault = SimulatorFault.NONE;
    private volatile SimulatorFault logoutFault = SimulatorFault.NONE;
    private volatile GatewayConfig.Envelope envelope;
    private volatile Duration latency;
    private volatile Duration latencyJitter;

    ConvosoSimulator(GatewayConfig config, SimulatorRateLimit rateLimit) {
        this.config = config.simulator();
        this.rateLimit = rateLimit;
        this.callCenter = new SimulatedCallCenter(this.config.seed(), this.config.agents(), this.config.campaigns(),
                System::currentTimeMillis);
        this.envelope = this.config.envelope();
        this.latency = this.config.latency();
        this.latencyJitter = this.config.latencyJitter();
    }

    /** Search calls that reached the simulator, whatever it answered. */
    public long searchCalls() {
        return searchCalls.get();
    }

    /** Logout calls that reached the simulator, whatever it answered. */
    public long logoutCalls() {
        return logoutCalls.get();
    }

    public SimulatorStats stats() {
        return new SimulatorStats(searchCalls.get(), logoutCalls.get(), rateLimitedCalls.get(), faultedCalls.get());
    }

    public void resetCounters() {
        searchCalls.set(0);
        logoutCalls.set(0);
        rateLimitedCalls.set(0);
        faultedCalls.set(0);
        searches.clear();
    }

    /**
     * The latest search calls (at most {@value #SEARCH_LOG_SIZE}), oldest first, so that a test can
     * see which views the upstream was asked for, and when.
     */
    public List<SimulatorSearch> searches() {
        return List.copyOf(searches);
    }

    /** Back to the seeded call center, no faults, envelope, latency and rate limit as configured, counters 0. */
    public void reset() {
        callCenter.reset();
        fault = SimulatorFault.NONE;
        logoutFault = SimulatorFault.NONE;
        envelope = config.envelope();
        latency = config.latency();
        latencyJitter = config.latencyJitter();
        rateLimit.reset();
        resetCounters();
    }

    /** The fault that search calls meet from now on. */
    public void fault(SimulatorFault fault) {
        Log.infof("Simulator search fault: %s", fault);
        this.fault = Objects.requireNonNull(fault);
    }

    public SimulatorFault fault() {
        return fault;
    }

    /** The fault that logout calls meet from now on. */
    public void logoutFault(SimulatorFault fault) {
        Log.infof("Simulator logout fault: %s", fault);
        this.logoutFault = Objects.requireNonNull(fault);
    }

    public SimulatorFault logoutFault() {
        return logoutFault;
    }

    public void envelope(GatewayConfig.Envelope envelope) {
        this.envelope = Objects.requireNonNull(envelope);
    }

    public GatewayConfig.Envelope envelope() {
        return envelope;
    }

    /** Calls per second accepted across both endpoints from now on; zero or less means unlimited. */
    public void rateLimit(int callsPerSecond) {
        rateLimit.limit(callsPerSecond);
    }

    public int rateLimit() {
        return rateLimit.limit();
    }

    /** Added latency of each call from now on: {@code latency} plus or minus up to {@code jitter}. */
    public void latency(Duration latency, Duration jitter) {
        this.latency = Objects.requireNonNull(latency);
        this.latencyJitter = Objects.requireNonNull(jitter);
    }

    public Duration latency() {
        return latency;
    }

    public Duration latencyJitter() {
        return latencyJitter;
    }

    /** One agent as a search would list it now. */
    public Optional<SimulatedAgent> agent(String userId) {
        return callCenter.agent(userId);
    }

    public List<SimulatedAgent> agents() {
        return callCenter.agents();
    }

    public List<SimulatedCampaign> campaigns() {
        return callCenter.campaigns();
    }

    /**
     * Moves the agent to a queue of another campaign (created on the fly if the simulator did not
     * have it), for example to test a manager losing scope.
     *
     * @throws java.util.NoSuchElementException for an unknown agent
     */
    public SimulatedAgent moveAgent(String userId, String campaignId) {
        return callCenter.moveAgent(userId, campaignId);
    }

    /**
     * Puts the agent in {@code status}, which may be any code, including ones the upstream's page
     * does not list ({@code LUNCH_BREAK}). The agent stays there until changed again or reset.
     *
     * @throws java.util.NoSuchElementException for an unknown agent
     */
    public SimulatedAgent setStatus(String userId, String status) {
        return setStatus(userId, status, Duration.ZERO);
    }

    /** Puts the agent in {@code status} as if it had entered it {@code already} ago. */
    public SimulatedAgent setStatus(String userId, String status, Duration already) {
        return callCenter.setStatus(userId, Objects.requireNonNull(status), already.toMillis());
    }

    /** Renames the agent, for example to a hostile string. */
    public SimulatedAgent rename(String userId, String fullName) {
        return callCenter.rename(userId, fullName);
    }

    /**
     * Adds a READY agent to {@code campaignId} (created on the fly if new). It is gone after
     * {@link #reset()}.
     *
     * @throws IllegalArgumentException when an agent with that ID exists
     */
    public SimulatedAgent addAgent(String userId, String fullName, String campaignId) {
        return callCenter.addAgent(Objects.requireNonNull(userId), fullName, Objects.requireNonNull(campaignId));
    }

    SimulatedCallCenter callCenter() {
        return callCenter;
    }

    void countSearch(SearchFilter filter) {
        searchCalls.incrementAndGet();
        searches.addLast(new SimulatorSearch(System.currentTimeMillis(), filter.campaignId(), filter.queueId(),
                filter.userId(), filter.skills().isEmpty() ? null : String.join(",", new TreeSet<>(filter.skills()))));
        while (searches.size() > SEARCH_LOG_SIZE) {
            searches.pollFirst();
        }
    }

    void countLogout() {
        logoutCalls.incrementAndGet();
    }

    void countFault() {
        faultedCalls.incrementAndGet();
    }

    /** Takes a permit from the rate limit, counting the call when there is none. */
    boolean admit() {
        if (rateLimit.tryAcquire()) {
            return true;
        }
        rateLimitedCalls.incrementAndGet();
        return false;
    }

    /** Constant-time, so the simulator does not teach anyone timing attacks. */
    boolean acceptsToken(String token) {
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                config.authToken().getBytes(StandardCharsets.UTF_8));
    }

    Duration nextLatency() {
        long base = latency.toMillis();
        long jitter = latencyJitter.toMillis();
        long millis = jitter <= 0 ? base : base + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        return Duration.ofMillis(Math.max(0, millis));
    }

    Duration slowDelay() {
        return config.slowDelay();
    }
}
