package io.agentmonitor.gateway.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

/**
 * The query parameters one operation declares: each single-valued one at most once, repeatable
 * ones as often as the caller likes, nothing else. A mistyped name ({@code campain_id}) would
 * otherwise be ignored and answer the caller's whole view as if it had been obeyed; a repeated
 * single-valued one would silently keep its first value. {@code _}, the usual cache-buster, is
 * accepted and ignored. The check is one pass over the names the request carries; a "did you mean"
 * suggestion is worked out only for a refusal.
 */
public final class QueryParameters {

    /** An operation that takes no query parameters. */
    public static final QueryParameters NONE = new QueryParameters(Set.of(), Set.of());

    private static final String CACHE_BUSTER = "_";

    private final Set<String> single;
    private final Set<String> repeatable;

    private QueryParameters(Set<String> single, Set<String> repeatable) {
        this.single = Set.copyOf(single);
        this.repeatable = Set.copyOf(repeatable);
    }

    /** Parameters that may each be given once. */
    public static QueryParameters single(String... names) {
        return new QueryParameters(Set.of(names), Set.of());
    }

    /** These, and {@code names} as repeatable parameters. */
    public QueryParameters andRepeatable(String... names) {
        return new QueryParameters(single, Set.of(names));
    }

    /**
     * Whether a query with these parameter names (each given {@code occurrences} times) is one this
     * operation takes, without building a refusal: for the fast path, which leaves refusals to the
     * resource.
     */
    public boolean accepts(Iterable<String> names, ToIntFunction<String> occurrences) {
        for (String name : names) {
            if (!CACHE_BUSTER.equals(name) && !repeatable.contains(name)
                    && !(single.contains(name) && occurrences.applyAsInt(name) <= 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses a query with an undeclared or repeated single-valued parameter: a {@code 400} problem
     * whose {@code errors} name each one, with the close declared name where there is one.
     */
    public void check(Iterable<String> names, ToIntFunction<String> occurrences) {
        if (accepts(names, occurrences)) {
            return;
        }
        List<Problem.InvalidParam> errors = new ArrayList<>();
        for (String name : new TreeSet<>(toList(names))) {
            if (CACHE_BUSTER.equals(name) || repeatable.contains(name)) {
                continue;
            }
            if (single.contains(name)) {
                if (occurrences.applyAsInt(name) > 1) {
                    errors.add(new Problem.InvalidParam(name, "may be given only once"));
                }
                continue;
            }
            String close = closest(name);
            errors.add(new Problem.InvalidParam(name, close == null ? "is not a parameter of this operation"
                    : "is not a parameter of this operation; did you mean " + close + "?"));
        }
        String detail = errors.stream().map(e -> e.name() + " " + e.reason()).collect(Collectors.joining("; "))
                + (declared().isEmpty() ? " (this operation takes no query parameters)."
                        : " (this operation takes " + String.join(", ", declared()) + ").");
        throw ProblemException.invalid(detail, errors);
    }

    /** {@link #check(Iterable, ToIntFunction)} of a JAX-RS request's query. */
    public void check(UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        check(query.keySet(), name -> query.get(name).size());
    }

    private List<String> declared() {
        return Stream.concat(single.stream(), repeatable.stream()).sorted().toList();
    }

    /** The declared name closest to a mistyped one, if it is close enough to be what was meant. */
    private String closest(String name) {
        String given = name.toLowerCase(Locale.ROOT);
        return declared().stream()
                .filter(candidate -> candidate.startsWith(given + "_") || distance(given, candidate) <= 2)
                .min(Comparator.comparingInt(candidate -> distance(given, candidate)))
                .orElse(null);
    }

    /** Levenshtein distance, for names of a few dozen characters at most. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<String> toList(Iterable<String> names) {
        List<String> list = new ArrayList<>();
        names.forEach(list::add);
        return list;
    }
}
