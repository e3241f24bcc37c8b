package io.agentmonitor.gateway.monitor;

import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import io.agentmonitor.gateway.problem.ProblemException;
import io.agentmonitor.gateway.problem.QueryParameters;

/** The filters of one snapshot request, validated and normalized. */
record SnapshotRequest(String campaignId, String queueId, String userId, SortedSet<String> skills) {

    static final String ID_PATTERN = "[A-Za-z0-9_-]{1,32}";
    static final String SKILL_PATTERN = "[A-Za-z0-9_.-]{1,40}";
    static final int MAX_SKILLS = 20;

    /** The query parameters of the snapshot and of its stream, on the fast path as on the resources. */
    static final QueryParameters PARAMETERS = QueryParameters.single("campaign_id", "queue_id", "user_id")
            .andRepeatable("skill");

    static SnapshotRequest of(String campaignId, String queueId, String userId, List<String> skillParams) {
        SortedSet<String> skills = new TreeSet<>();
        for (String param : skillParams == null ? List.<String>of() : skillParams) {
            Arrays.stream(param.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(skill -> {
                if (!skill.matches(SKILL_PATTERN)) {
                    throw ProblemException.badRequest("skill must be letters, digits, '.', '_' or '-' (1 to 40).");
                }
                skills.add(skill);
            });
        }
        if (skills.size() > MAX_SKILLS) {
            throw ProblemException.badRequest("At most " + MAX_SKILLS + " skills may be given.");
        }
        return new SnapshotRequest(campaignId, queueId, userId, skills);
    }
}
