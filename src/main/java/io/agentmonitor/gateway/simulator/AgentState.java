package io.agentmonitor.gateway.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The mutable state of one simulated agent. Guarded by the lock of {@link SimulatedCallCenter};
 * each agent draws from its own random stream so that its life does not depend on how often the
 * others are looked at.
 */
final class AgentState {

    static final String NO_LEAD = "0";
    static final String NO_CALL_TYPE = "-";

    final String userId;
    final String extension;
    final String channelType;
    final String connectionType;
    final List<String> skills;
    final SplittableRandom random;

    String fullName;
    SimulatedCampaign campaign;
    SimulatedQueue queue;
    String queueAssignment;
    String listId;
    String listName;
    String callType = NO_CALL_TYPE;
    String leadId = NO_LEAD;
    String callLogId = NO_LEAD;
    long callsToday;
    /** Calls that rang at this agent and were hung up before it answered. */
    long missedToday;
    long totalCalls;
    String status;
    String statusLabel;
    long statusSince;
    long dwellMillis;
    /** Set by control or logout calls: the simulation leaves the agent where it was put. */
    boolean pinned;

    AgentState(String userId, String extension, String channelType, String connectionType, List<String> skills,
            SplittableRandom random) {
        this.userId = userId;
        this.extension = extension;
        this.channelType = channelType;
        this.connectionType = connectionType;
        this.skills = List.copyOf(skills);
        this.random = random;
    }

    boolean hasAnySkill(Set<String> wanted) {
        return wanted.isEmpty() || skills.stream().anyMatch(wanted::contains);
    }

    boolean onCall() {
        return !NO_LEAD.equals(leadId);
    }

    void hangUp() {
        callType = NO_CALL_TYPE;
        leadId = NO_LEAD;
        callLogId = NO_LEAD;
    }

    SimulatedAgent view(long now) {
        long seconds = Math.max(0, (now - statusSince) / 1000);
        return new SimulatedAgent(userId, fullName, campaign.id(), campaign.name(), queue.id(), queue.name(),
                queueAssignment, listId, listName, extension, channelType, callType, leadId, callLogId, callsToday,
                totalCalls, status, statusLabel, seconds, String.format("%02d:%02d", seconds / 60, seconds % 60),
                connectionType, String.join(",", skills), Instant.ofEpochMilli(statusSince));
    }
}
