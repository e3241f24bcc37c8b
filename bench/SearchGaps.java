import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The noisy-neighbour phase's figures, from the simulator's log of the searches it received
 * ({@code GET /simulator/control/searches}): for the shared views and for the noisy caller's views
 * (those whose user id or skill starts with {@code noise}), searches per view per freshness interval
 * and the longest any view went without a search (its worst age) within the phase.
 *
 *   java SearchGaps.java SIMULATOR_URL FROM_MS TO_MS FRESHNESS_SECONDS
 */
public class SearchGaps {

    private static final Pattern SEARCH = Pattern.compile("\\{([^{}]*)\\}");
    private static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\":(\"([^\"]*)\"|[0-9]+|null)");

    public static void main(String[] args) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[0]
                + "/simulator/control/searches")).build(), HttpResponse.BodyHandlers.ofString()).body();
        long from = Long.parseLong(args[1]);
        long to = Long.parseLong(args[2]);
        double freshness = Double.parseDouble(args[3]) * 1000;
        Map<String, List<Long>> byView = new TreeMap<>();
        Matcher search = SEARCH.matcher(body);
        while (search.find()) {
            Map<String, String> fields = new TreeMap<>();
            Matcher field = FIELD.matcher(search.group(1));
            while (field.find()) {
                fields.put(field.group(1), field.group(3) != null ? field.group(3) : field.group(2));
            }
            long at = Long.parseLong(fields.getOrDefault("at", "0"));
            if (at < from || at >= to) {
                continue;
            }
            String view = fields.get("campaign_id") + "|" + fields.get("queue_id") + "|" + fields.get("user_id") + "|"
                    + fields.get("skills");
            byView.computeIfAbsent(view, v -> new ArrayList<>()).add(at);
        }
        double intervals = (to - from) / freshness;
        for (boolean noisy : new boolean[] {false, true}) {
            int views = 0;
            int searches = 0;
            long worstGap = 0;
            for (Map.Entry<String, List<Long>> view : byView.entrySet()) {
                if (view.getKey().contains("noise") != noisy) {
                    continue;
                }
                List<Long> times = view.getValue();
                times.sort(null);
                views++;
                searches += times.size();
                long previous = from;
                for (long at : times) {
                    worstGap = Math.max(worstGap, at - previous);
                    previous = at;
                }
                worstGap = Math.max(worstGap, to - previous);
            }
            System.out.printf("%s views: %d searched, %.2f searches per view per %.0f s interval, worst gap %.1f s%n",
                    noisy ? "noisy caller's" : "shared", views, views == 0 ? 0 : searches / (views * intervals),
                    freshness / 1000, worstGap / 1000.0);
        }
    }
}
