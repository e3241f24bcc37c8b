package io.agentmonitor.gateway.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Polling clients for integration tests: each client reads its target over and over with a short
 * pause, and every answer is kept (when, from which instance, which status). A client whose instance
 * does not answer at all (a killed one) moves on to its next target, as a load balancer would.
 */
final class Load {

    /** Between two reads of one client, as a wallboard polling every second. */
    private static final long PAUSE_MS = 1_000;

    /** One client's next request: the instance's base URL and the path with its query. */
    record Target(String instance, String path) {
    }

    /** One answer: when it came, from which instance, its HTTP status (-1: no answer at all). */
    record Answer(long at, String instance, int status, long millis) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> errors = new ConcurrentHashMap<>();

    /**
     * Runs {@code clients} clients for {@code duration}; {@code targets} gives client {@code c}'s
     * targets in the order it tries them when one stops answering.
     */
    List<Answer> run(int clients, Duration duration, String token, IntFunction<List<Target>> targets)
            throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Target> mine = targets.apply(c);
            running.add(pool.submit(() -> poll(mine, token, end)));
        }
        for (Future<?> client : running) {
            client.get(duration.toSeconds() + 30, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        return List.copyOf(answers);
    }

    private Void poll(List<Target> targets, String token, long end) throws InterruptedException {
        int next = 0;
        while (System.nanoTime() < end) {
            Target target = targets.get(next % targets.size());
            long sent = System.nanoTime();
            int status = status(target, token);
            answers.add(new Answer(System.currentTimeMillis(), target.instance(), status,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)));
            if (status < 0) {
                next++;
            }
            Thread.sleep(PAUSE_MS);
        }
        return null;
    }

    private int status(Target target, String token) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(target.instance() + target.path()))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            return -1;
        }
    }

    Map<String, Integer> errors() {
        return errors;
    }
}
