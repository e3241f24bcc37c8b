package io.agentmonitor.gateway.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the seeded call center: the same seed, agent count, campaign list and start time give the
 * same campaigns, queues and agents, down to the status each agent starts in.
 */
final class CallCenterFactory {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final String[] STARTING_STATUSES = { AgentLifecycle.INCALL, AgentLifecycle.READY,
            AgentLifecycle.WRAP, AgentLifecycle.RINGING, AgentLifecycle.PAUSED, AgentLifecycle.LOGGED_OUT };
    private static final double[] STARTING_WEIGHTS = { 0.40, 0.25, 0.10, 0.05, 0.12, 0.08 };

    private CallCenterFactory() {
    }

    static CallCenterState create(long seed, int agentCount, List<String> campaignIds, long now) {
        SplittableRandom random = new SplittableRandom(seed);
        CallCenterState state = new CallCenterState();
        state.nextCallLogId = 700_000_000L + random.nextInt(100_000_000);
        int nameOffset = random.nextInt(SimulatorNames.CAMPAIGNS.size());
        for (int i = 0; i < campaignIds.size(); i++) {
            String name = SimulatorNames.CAMPAIGNS.get((nameOffset + i) % SimulatorNames.CAMPAIGNS.size());
            state.add(campaign(campaignIds.get(i).trim(), name, random));
        }
        List<SimulatedCampaign> campaigns = new ArrayList<>(state.campaigns.values());
        for (int i = 0; i < agentCount; i++) {
            SimulatedCampaign campaign = campaigns.get(random.nextInt(campaigns.size()));
            AgentState agent = agent(String.valueOf(10_001 + i), String.valueOf(1001 + i), random);
            agent.fullName = pick(SimulatorNames.FIRST, random) + " " + pick(SimulatorNames.LAST, random);
            assign(agent, campaign, now);
            agent.callsToday = random.nextInt(60);
            agent.totalCalls = agent.callsToday + random.nextInt(250);
            String status = weighted(random);
            AgentLifecycle.enter(agent, status, now);
            agent.statusSince = now - agent.random.nextLong(agent.dwellMillis);
            if (AgentLifecycle.carriesCall(status)) {
                AgentLifecycle.startCall(state, agent);
            }
            state.agents.put(agent.userId, agent);
        }
        seedQueueFigures(state, random);
        return state;
    }

    /** A campaign the configuration did not list (an agent was moved or added there by hand). */
    static SimulatedCampaign campaign(String id, String name, SplittableRandom random) {
        int queueCount = 2 + random.nextInt(2);
        List<SimulatedQueue> queues = new ArrayList<>();
        int nameOffset = random.nextInt(SimulatorNames.QUEUES.size());
        for (int q = 1; q <= queueCount; q++) {
            String queueName = SimulatorNames.QUEUES.get((nameOffset + q) % SimulatorNames.QUEUES.size());
            queues.add(new SimulatedQueue(id + q, queueName, id));
        }
        List<String> lists = List.of(id + "01", id + "02");
        return new SimulatedCampaign(id, name, pick(SimulatorNames.DIAL_MODES, random), queues, lists);
    }

    static AgentState agent(String userId, String extension, SplittableRandom random) {
        double channel = random.nextDouble();
        double connection = random.nextDouble();
        List<String> skills = new ArrayList<>();
        if (random.nextDouble() < 0.9) {
            skills.add("english");
        }
        if (skills.isEmpty() || random.nextDouble() < 0.35) {
            skills.add("spanish");
        }
        if (random.nextDouble() < 0.06) {
            skills.add("french");
        }
        int teamOffset = random.nextInt(SimulatorNames.TEAM_SKILLS.size());
        int teams = 1 + random.nextInt(3);
        for (int t = 0; t < teams; t++) {
            skills.add(SimulatorNames.TEAM_SKILLS.get((teamOffset + t) % SimulatorNames.TEAM_SKILLS.size()));
        }
        return new AgentState(userId, extension,
                channel < 0.8 ? "phone" : channel < 0.9 ? "chat" : "email",
                connection < 0.5 ? "softphone" : connection < 0.8 ? "VoIP" : "desk phone",
                skills, random.split());
    }

    /** Puts the agent in one of the campaign's queues and lists, as if it had just been assigned there. */
    static void assign(AgentState agent, SimulatedCampaign campaign, long now) {
        agent.campaign = campaign;
        agent.queue = campaign.queues().get(agent.random.nextInt(campaign.queues().size()));
        int list = agent.random.nextInt(campaign.listIds().size());
        agent.listId = campaign.listIds().get(list);
        agent.listName = campaign.name() + " - " + SimulatorNames.LISTS.get(list % SimulatorNames.LISTS.size());
        long shiftStart = now - Duration.ofMinutes(60 + agent.random.nextInt(5 * 60)).toMillis();
        agent.queueAssignment = timestamp(shiftStart - shiftStart % Duration.ofMinutes(15).toMillis());
    }

    /** The upstream's date-time format, {@code 2023-03-01 09:00:00}. */
    static String timestamp(long epochMillis) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    private static void seedQueueFigures(CallCenterState state, SplittableRandom random) {
        // Queue figures start where the agents' own counts say the day has got to.
        for (AgentState agent : state.agents.values()) {
            state.queues.get(agent.queue.id()).answered += agent.callsToday;
        }
        for (QueueState queue : state.queues.values()) {
            queue.dropped = queue.answered * (2 + random.nextInt(5)) / 100;
            queue.dialableLeads = 200 + random.nextInt(3000);
        }
        // A queue's day is more than its agents' calls, as upstream: calls answered by agents whose
        // shift has ended, and calls abandoned while waiting, before any agent rang.
        SplittableRandom earlier = random.split();
        for (AgentState agent : state.agents.values()) {
            agent.missedToday = agent.callsToday * earlier.nextInt(1, 5) / 100;
            state.queues.get(agent.queue.id()).dropped += agent.missedToday;
        }
        for (QueueState queue : state.queues.values()) {
            queue.answered += earlier.nextLong(1 + queue.answered / 3);
        }
    }

    private static String weighted(SplittableRandom random) {
        double roll = random.nextDouble();
        for (int i = 0; i < STARTING_STATUSES.length; i++) {
            roll -= STARTING_WEIGHTS[i];
            if (roll < 0) {
                return STARTING_STATUSES[i];
            }
        }
        return AgentLifecycle.READY;
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }
}
