package io.agentmonitor.gateway.cluster;

import java.util.Arrays;
import java.util.Optional;

import io.agentmonitor.gateway.upstream.SearchQuery;

/**
 * A view's name in Redis keys and notices: {@code campaign|queue|user|skill,skill}, empty for no
 * filter, skills sorted. Stable across replicas and versions because it spells out the normalized
 * query, never a hash code. IDs and skills are validated before they reach a query and hold no
 * {@code |} or {@code ,}.
 */
final class ViewKey {

    private ViewKey() {
    }

    static String of(SearchQuery query) {
        return blank(query.campaignId()) + "|" + blank(query.queueId()) + "|" + blank(query.userId()) + "|"
                + String.join(",", query.skills());
    }

    static Optional<SearchQuery> parse(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        return Optional.of(SearchQuery.of(none(parts[0]), none(parts[1]), none(parts[2]),
                parts[3].isEmpty() ? null : Arrays.asList(parts[3].split(","))));
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    private static String none(String value) {
        return value.isEmpty() ? null : value;
    }
}
