package io.agentmonitor.gateway.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filters of one {@code /agent-monitor/search} call, blank values meaning "no filter".
 *
 * @param skills lower-case skill names; an agent matches when it has ANY of them
 */
record SearchFilter(String campaignId, String queueId, String userId, Set<String> skills) {

    SearchFilter {
        skills = Set.copyOf(skills);
    }

    static SearchFilter of(String campaignId, String queueId, String userId, String skillOptions) {
        Set<String> skills = skillOptions == null ? Set.of()
                : Arrays.stream(skillOptions.split(","))
                        .map(skill -> skill.trim().toLowerCase(Locale.ROOT))
                        .filter(skill -> !skill.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        return new SearchFilter(blankToNull(campaignId), blankToNull(queueId), blankToNull(userId), skills);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
