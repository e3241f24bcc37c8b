package io.agentmonitor.gateway.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * How a simulated agent moves: READY, RINGING, INCALL (now and then TRANSFER), WRAP, back to READY,
 * with pauses and the odd logout. The simulation is lazy: each read replays the transitions that
 * fell due since the last one, so an idle simulator costs nothing and a busy one stays cheap.
 */
final class AgentLifecycle {

    static final String READY = "READY";
    static final String RINGING = "RINGING";
    static final String INCALL = "INCALL";
    static final String TRANSFER = "TRANSFER";
    static final String WRAP = "WRAP";
    static final String PAUSED = "PAUSED";
    static final String LOGGED_OUT = "LOGGED_OUT";

    /** After a long idle spell (a laptop asleep) the agent starts afresh instead of replaying hours. */
    private static final int MAX_STEPS_PER_READ = 200;
    private static final String[] PAUSE_LABELS = { "Paused - Break", "Paused - Lunch", "Paused - Training",
            "Paused - Meeting", "Paused - Coaching" };
    private static final Map<String, String> LABELS = Map.of(READY, "Ready for calls", RINGING, "Ringing", INCALL,
            "In call", TRANSFER, "Transferring call", WRAP, "Wrap-up", LOGGED_OUT, "Logged out");
    /** Seconds an agent stays in each status, lower and upper bound. */
    private static final Map<String, int[]> DWELL_SECONDS = Map.of(READY, new int[] { 3, 40 }, RINGING,
            new int[] { 2, 10 }, INCALL, new int[] { 30, 360 }, TRANSFER, new int[] { 10, 40 }, WRAP,
            new int[] { 5, 40 }, PAUSED, new int[] { 60, 600 }, LOGGED_OUT, new int[] { 300, 1800 });

    private AgentLifecycle() {
    }

    /** Plays the transitions of {@code agent} that are due at {@code now}. */
    static void advance(CallCenterState state, AgentState agent, long now) {
        if (agent.pinned) {
            return;
        }
        int steps = 0;
        while (agent.statusSince + agent.dwellMillis <= now) {
            if (++steps > MAX_STEPS_PER_READ) {
                enter(agent, agent.status, now - agent.random.nextLong(agent.dwellMillis));
                return;
            }
            step(state, agent, agent.statusSince + agent.dwellMillis);
        }
    }

    /** Puts the agent in {@code status} from {@code since}, for a freshly drawn dwell time. */
    static void enter(AgentState agent, String status, long since) {
        agent.status = status;
        agent.statusLabel = label(status, agent.random);
        agent.statusSince = since;
        int[] bounds = DWELL_SECONDS.getOrDefault(status, DWELL_SECONDS.get(PAUSED));
        agent.dwellMillis = Duration.ofSeconds(bounds[0]).toMillis()
                + agent.random.nextLong(Duration.ofSeconds(bounds[1] - bounds[0]).toMillis() + 1);
    }

    /** Whether an agent in {@code status} has a lead, a call log entry and a call type. */
    static boolean carriesCall(String status) {
        return RINGING.equals(status) || INCALL.equals(status) || TRANSFER.equals(status) || WRAP.equals(status);
    }

    static void startCall(CallCenterState state, AgentState agent) {
        boolean outbound = switch (agent.campaign.dialMode()) {
            case "outbound" -> true;
            case "inbound" -> false;
            default -> agent.random.nextBoolean();
        };
        if (!"phone".equals(agent.channelType)) {
            outbound = false;
        }
        agent.callType = outbound ? "outbound" : "inbound";
        agent.leadId = String.valueOf(100_000 + agent.random.nextInt(900_000));
        agent.callLogId = String.valueOf(++state.nextCallLogId);
        QueueState queue = state.queues.get(agent.queue.id());
        if (outbound && queue != null && --queue.dialableLeads < 50) {
            // A supervisor loads a fresh list before the queue runs dry.
            queue.dialableLeads += 500 + agent.random.nextInt(1500);
        }
    }

    /** Codes the simulation does not know get a readable label: {@code LUNCH_BREAK} reads "Lunch break". */
    static String label(String status, SplittableRandom random) {
        if (PAUSED.equals(status)) {
            return PAUSE_LABELS[random.nextInt(PAUSE_LABELS.length)];
        }
        String known = LABELS.get(status);
        if (known != null) {
            return known;
        }
        String words = Arrays.stream(status.toLowerCase(Locale.ROOT).split("[_\\s]+"))
                .filter(word -> !word.isEmpty()).collect(Collectors.joining(" "));
        return words.isEmpty() ? status : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static void step(CallCenterState state, AgentState agent, long at) {
        double roll = agent.random.nextDouble();
        QueueState queue = state.queues.get(agent.queue.id());
        switch (agent.status) {
            case READY -> {
                if (roll < 0.90) {
                    startCall(state, agent);
                    enter(agent, RINGING, at);
                } else {
                    enter(agent, roll < 0.98 ? PAUSED : LOGGED_OUT, at);
                }
            }
            case RINGING -> {
                if (roll < 0.90) {
                    agent.callsToday++;
                    agent.totalCalls++;
                    if (queue != null) {
                        queue.answered++;
                    }
                    enter(agent, INCALL, at);
                } else {
                    // The caller hung up before the agent picked up.
                    agent.missedToday++;
                    if (queue != null) {
                        queue.dropped++;
                    }
                    agent.hangUp();
                    enter(agent, READY, at);
                }
            }
            case INCALL -> enter(agent, roll < 0.05 ? TRANSFER : WRAP, at);
            case TRANSFER -> enter(agent, WRAP, at);
            case WRAP -> {
                agent.hangUp();
                enter(agent, roll < 0.85 ? READY : PAUSED, at);
            }
            case PAUSED -> enter(agent, roll < 0.93 ? READY : LOGGED_OUT, at);
            case LOGGED_OUT -> {
                agent.queueAssignment = CallCenterFactory.timestamp(at);
                enter(agent, READY, at);
            }
            default -> {
                // A custom status set by hand and later unpinned: the agent comes back to work.
                agent.hangUp();
                enter(agent, READY, at);
            }
        }
    }
}
