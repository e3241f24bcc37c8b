package io.agentmonitor.gateway.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The simulated call center: seeded agents, campaigns and queues that move with the wall clock.
 * One lock guards it all; every operation first plays the transitions due since the last one, which
 * keeps reads consistent (the counters of an answer are computed from the agents of that answer)
 * and costs a few microseconds for a few hundred agents.
 */
final class SimulatedCallCenter {

    private final long seed;
    private final int agentCount;
    private final List<String> campaignIds;
    private final LongSupplier clock;
    private CallCenterState state;

    SimulatedCallCenter(long seed, int agentCount, List<String> campaignIds, LongSupplier clock) {
        this.seed = seed;
        this.agentCount = agentCount;
        this.campaignIds = List.copyOf(campaignIds);
        this.clock = clock;
        reset();
    }

    /** Back to the seeded call center, as it would look if it had just opened. */
    synchronized void reset() {
        state = CallCenterFactory.create(seed, agentCount, campaignIds, clock.getAsLong());
    }

    /**
     * The agents and queue figures a search selects. Skills match any-of: an agent is listed when it
     * has at least one of the requested skills.
     *
     * @throws SimulatorRejection 6026, 6041 or 6006 for an unknown campaign, queue or user
     */
    synchronized SearchResult search(SearchFilter filter) {
        long now = advance();
        List<SimulatedCampaign> campaigns = new ArrayList<>(state.campaigns.values());
        if (filter.campaignId() != null) {
            campaigns = List.of(known(state.campaigns.get(filter.campaignId()), UpstreamError.NO_SUCH_CAMPAIGN));
        }
        List<SimulatedQueue> queues = campaigns.stream().flatMap(campaign -> campaign.queues().stream()).toList();
        if (filter.queueId() != null) {
            SimulatedQueue queue = known(state.queues.get(filter.queueId()), UpstreamError.NO_SUCH_QUEUE).queue;
            queues = queues.contains(queue) ? List.of(queue) : List.of();
            campaigns = campaigns.stream().filter(campaign -> campaign.id().equals(queue.campaignId())).toList();
        }
        if (filter.userId() != null) {
            known(state.agents.get(filter.userId()), UpstreamError.NO_SUCH_USER);
        }
        List<AgentState> listed = state.agents.values().stream()
                .filter(agent -> filter.campaignId() == null || filter.campaignId().equals(agent.campaign.id()))
                .filter(agent -> filter.queueId() == null || filter.queueId().equals(agent.queue.id()))
                .filter(agent -> filter.userId() == null || filter.userId().equals(agent.userId))
                .filter(agent -> agent.hasAnySkill(filter.skills()))
                .toList();
        List<SimulatedAgent> agents = listed.stream().map(agent -> agent.view(now)).toList();
        long dialable = 0;
        long answered = 0;
        long dropped = 0;
        for (SimulatedQueue queue : queues) {
            QueueState figures = state.queues.get(queue.id());
            dialable += figures.dialableLeads;
            answered += figures.answered;
            dropped += figures.dropped;
        }
        long scopeAnswered = listed.stream().mapToLong(agent -> agent.callsToday).sum();
        long scopeDropped = listed.stream().mapToLong(agent -> agent.missedToday).sum();
        return new SearchResult(agents, campaigns, queues, dialable, answered, dropped, scopeAnswered, scopeDropped);
    }

    /**
     * Logs the agent out. It stays out (the simulation does not log it back in) until a reset or a
     * control call moves it, so that a second logout reliably answers 6012.
     *
     * @throws SimulatorRejection 6006 for a missing or unknown user, 6012 when already logged out
     */
    synchronized void logout(String userId) {
        long now = advance();
        AgentState agent = known(userId == null ? null : state.agents.get(userId.trim()), UpstreamError.NO_SUCH_USER);
        if (AgentLifecycle.LOGGED_OUT.equals(agent.status)) {
            throw new SimulatorRejection(UpstreamError.NOT_LOGGED_IN);
        }
        pin(agent, AgentLifecycle.LOGGED_OUT, now);
    }

    synchronized Optional<SimulatedAgent> agent(String userId) {
        long now = advance();
        return Optional.ofNullable(state.agents.get(userId)).map(agent -> agent.view(now));
    }

    synchronized List<SimulatedAgent> agents() {
        long now = advance();
        return state.agents.values().stream().map(agent -> agent.view(now)).toList();
    }

    synchronized List<SimulatedCampaign> campaigns() {
        return List.copyOf(state.campaigns.values());
    }

    /** Moves the agent to a queue of {@code campaignId}, creating that campaign if it is new. */
    synchronized SimulatedAgent moveAgent(String userId, String campaignId) {
        long now = advance();
        AgentState agent = existing(userId);
        CallCenterFactory.assign(agent, campaignFor(campaignId), now);
        return agent.view(now);
    }

    /** Puts the agent in any status, known or not, and keeps it there until the next change or reset. */
    synchronized SimulatedAgent setStatus(String userId, String status, long alreadyMillis) {
        long now = advance();
        AgentState agent = existing(userId);
        pin(agent, status, now - Math.max(0, alreadyMillis));
        if (AgentLifecycle.carriesCall(status) && !agent.onCall()) {
            AgentLifecycle.startCall(state, agent);
        }
        return agent.view(now);
    }

    synchronized SimulatedAgent rename(String userId, String fullName) {
        long now = advance();
        AgentState agent = existing(userId);
        agent.fullName = fullName;
        return agent.view(now);
    }

    /** Adds a READY agent to {@code campaignId} (created if new); it then lives like the others. */
    synchronized SimulatedAgent addAgent(String userId, String fullName, String campaignId) {
        long now = advance();
        if (state.agents.containsKey(userId)) {
            throw new IllegalArgumentException("agent " + userId + " already exists");
        }
        SplittableRandom random = new SplittableRandom(seed ^ userId.hashCode());
        AgentState agent = CallCenterFactory.agent(userId, String.valueOf(2001 + state.agents.size()), random);
        agent.fullName = fullName;
        CallCenterFactory.assign(agent, campaignFor(campaignId), now);
        AgentLifecycle.enter(agent, AgentLifecycle.READY, now);
        state.agents.put(userId, agent);
        return agent.view(now);
    }

    private long advance() {
        long now = clock.getAsLong();
        for (AgentState agent : state.agents.values()) {
            AgentLifecycle.advance(state, agent, now);
        }
        return now;
    }

    private void pin(AgentState agent, String status, long now) {
        if (!AgentLifecycle.carriesCall(status)) {
            agent.hangUp();
        }
        AgentLifecycle.enter(agent, status, now);
        agent.pinned = true;
    }

    private SimulatedCampaign campaignFor(String campaignId) {
        SimulatedCampaign campaign = state.campaigns.get(campaignId);
        if (campaign == null) {
            campaign = CallCenterFactory.campaign(campaignId, "Campaign " + campaignId,
                    new SplittableRandom(seed ^ campaignId.hashCode()));
            state.add(campaign);
        }
        return campaign;
    }

    private AgentState existing(String userId) {
        AgentState agent = state.agents.get(userId);
        if (agent == null) {
            throw new NoSuchElementException("no simulated agent " + userId);
        }
        return agent;
    }

    private static <T> T known(T value, UpstreamError error) {
        if (value == null) {
            throw new SimulatorRejection(error);
        }
        return value;
    }
}
