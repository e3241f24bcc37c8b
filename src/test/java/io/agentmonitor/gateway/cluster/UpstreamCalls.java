package io.agentmonitor.gateway.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The searches the simulator received ({@code GET /simulator/control/searches}), by view and time:
 * what the upstream saw, whatever the gateways believe they did.
 */
record UpstreamCalls(List<Call> calls) {

    /** One search: when the simulator got it (epoch ms) and for which view ({@code campaign|queue}). */
    record Call(long at, String view) {
    }

    static UpstreamCalls of(Fleet.Instance simulator, long since) throws Exception {
        List<Map<String, Object>> searches = new ObjectMapper().readValue(
                Fleet.get(simulator.url() + "/simulator/control/searches"), new TypeReference<>() {
                });
        return new UpstreamCalls(searches.stream()
                .map(s -> new Call(((Number) s.get("at")).longValue(),
                        blank(s.get("campaign_id")) + "|" + blank(s.get("queue_id"))))
                .filter(call -> call.at() >= since)
                .sorted(Comparator.comparingLong(Call::at)).toList());
    }

    UpstreamCalls where(Predicate<Call> filter) {
        return new UpstreamCalls(calls.stream().filter(filter).toList());
    }

    UpstreamCalls between(long from, long to) {
        return where(call -> call.at() >= from && call.at() < to);
    }

    int size() {
        return calls.size();
    }

    /**
     * Most calls in any window of {@code millis} starting at a call. 50 ms less than a second stands
     * for a second: the gateway's permit and the simulator's clock reading are a network hop apart.
     */
    int worstWindow(long millis) {
        int worst = 0;
        for (int i = 0; i < calls.size(); i++) {
            long start = calls.get(i).at();
            int in = 0;
            for (int j = i; j < calls.size() && calls.get(j).at() < start + millis; j++) {
                in++;
            }
            worst = Math.max(worst, in);
        }
        return worst;
    }

    /** The calls of the busiest window, relative to its start, for failure messages. */
    String busiestWindow(long millis) {
        int worst = worstWindow(millis);
        for (int i = 0; i < calls.size(); i++) {
            long start = calls.get(i).at();
            List<Call> in = calls.stream().filter(c -> c.at() >= start && c.at() < start + millis).toList();
            if (in.size() == worst) {
                return in.stream().map(c -> "+" + (c.at() - start) + " ms " + c.view()).collect(Collectors.joining(", "));
            }
        }
        return "";
    }

    Map<String, List<Long>> byView() {
        return calls.stream().collect(Collectors.groupingBy(Call::view, TreeMap::new,
                Collectors.mapping(Call::at, Collectors.toList())));
    }

    /** Per view, the calls that followed the view's previous call by less than {@code millis}. */
    Map<String, Integer> earlyCalls(long millis) {
        Map<String, Integer> early = new TreeMap<>();
        byView().forEach((view, times) -> {
            int count = 0;
            for (int i = 1; i < times.size(); i++) {
                if (times.get(i) - times.get(i - 1) < millis) {
                    count++;
                }
            }
            early.put(view, count);
        });
        return early;
    }

    private static String blank(Object value) {
        return value == null ? "" : value.toString();
    }
}
