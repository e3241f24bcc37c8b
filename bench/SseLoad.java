import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSE load for bench/run.sh: opens N subscribers to a few views of the gateway's
 * /api/v1/agent-monitor/stream, holds them, flips one simulated agent's status through the
 * simulator control API every few seconds, and prints what the subscribers saw. Bounded: it exits
 * by itself after ramp + hold (+ a hard deadline), whatever happens.
 *
 * Run with: java -Xmx1g bench/SseLoad.java (settings as system properties, see main).
 *
 * Delays measured per event (the first event of each subscriber, its initial snapshot, excluded):
 *   answer->arrival  arrival time minus the event's generated_at (when the gateway got the
 *                    upstream answer that carried the data), for events carrying a newer answer
 *                    than the subscriber's previous event: the "within 100 ms" target;
 *   flip->arrival    arrival of the first event showing a flipped status minus the time the flip
 *                    was sent to the simulator: includes waiting for the next refresh (up to the
 *                    freshness interval), so it is the end-to-end figure a wallboard sees.
 * Same machine, same wall clock for both ends.
 */
public class SseLoad {

    static final Pattern GENERATED_AT = Pattern.compile("\"generated_at\":\"([^\"]+)\"");

    static final AtomicInteger connected = new AtomicInteger();
    static final AtomicInteger open = new AtomicInteger();
    static final AtomicInteger failed = new AtomicInteger();
    static final AtomicInteger ended = new AtomicInteger();
    static final LongAdder events = new LongAdder();
    static final LongAdder initialEvents = new LongAdder();
    static final LongAdder heartbeats = new LongAdder();
    static final LongAdder sameAnswerEvents = new LongAdder();
    static final LongAdder bytes = new LongAdder();
    static final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    static final Samples answerDelays = new Samples(4_000_000);
    static final Samples flipDelays = new Samples(1_000_000);

    // Flip n (1-based) set the agent's status to "BENCH<n>" at flipSentMicros[n] (epoch micros).
    static final long[] flipSentMicros = new long[10_000];
    static volatile int flipSeq = 0;

    public static void main(String[] args) throws Exception {
        String base = System.getProperty("gateway", "http://127.0.0.1:8080");
        int subscribers = Integer.getInteger("subscribers", 5000);
        int rampSeconds = Integer.getInteger("ramp", 15);
        int holdSeconds = Integer.getInteger("hold", 30);
        int flipEvery = Integer.getInteger("flipEvery", 3);
        String flipAgent = System.getProperty("flipAgent");
        String simulator = System.getProperty("simulator", base);
        long gatewayPid = Long.getLong("gatewayPid", -1);
        // Lines "TOKEN PATH": subscriber i uses line i % lines.
        List<String[]> views = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("views")))) {
            if (!line.isBlank()) {
                views.add(line.trim().split("\\s+", 2));
            }
        }

        long hardDeadline = (rampSeconds + holdSeconds + 60) * 1000L;
        Thread killer = new Thread(() -> {
            sleep(hardDeadline);
            System.out.println("SSE hard deadline reached; exiting");
            System.exit(3);
        });
        killer.setDaemon(true);
        killer.start();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(4)).build();
        HttpClient control = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        List<Sub> subs = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < subscribers; i++) {
            String[] view = views.get(i % views.size());
            Sub sub = new Sub();
            subs.add(sub);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + view[1]))
                    .header("Authorization", "Bearer " + view[0]).header("Accept", "text/event-stream")
                    .timeout(Duration.ofSeconds(60)).GET().build();
            client.sendAsync(request, info -> {
                if (info.statusCode() != 200) {
                    failed.incrementAndGet();
                    if (failures.size() < 5) {
                        failures.add("HTTP " + info.statusCode() + " for " + view[1]);
                    }
                    return HttpResponse.BodySubscribers.discarding();
                }
                connected.incrementAndGet();
                open.incrementAndGet();
                return HttpResponse.BodySubscribers.fromLineSubscriber(sub);
            }).whenComplete((r, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    if (failures.size() < 5) {
                        failures.add(String.valueOf(e));
                    }
                }
            });
            // Spread the connections over the ramp.
            long due = start + (long) ((i + 1) * (rampSeconds * 1e9 / subscribers));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        // Let the last ones connect.
        long rampEnd = System.nanoTime() + 5_000_000_000L;
        while (connected.get() + failed.get() < subscribers && System.nanoTime() < rampEnd) {
            sleep(200);
        }
        System.out.printf(Locale.ROOT, "SSE ramp: %d connected, %d failed after %.1f s%n", connected.get(),
                failed.get(), (System.nanoTime() - start) / 1e9);
        answerDelays.reset();
        flipDelays.reset();
        events.reset();
        bytes.reset();
        heartbeats.reset();
        sameAnswerEvents.reset();

        long holdStart = System.nanoTime();
        long holdEnd = holdStart + holdSeconds * 1_000_000_000L;
        long maxRssKb = 0;
        int flipsSent = 0;
        long nextFlip = holdStart + 1_000_000_000L;
        while (System.nanoTime() < holdEnd) {
            if (flipAgent != null && System.nanoTime() >= nextFlip) {
                flipsSent++;
                String status = "BENCH" + flipsSent;
                flipSentMicros[flipsSent] = nowMicros();
                flipSeq = flipsSent;
                HttpRequest put = HttpRequest.newBuilder(URI.create(simulator + "/simulator/control/agents/" + flipAgent
                        + "/status/" + status)).PUT(HttpRequest.BodyPublishers.noBody()).build();
                try {
                    HttpResponse<String> r = control.send(put, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        System.out.println("flip answered " + r.statusCode() + ": " + r.body());
                    }
                } catch (IOException e) {
                    System.out.println("flip failed: " + e);
                }
                nextFlip += flipEvery * 1_000_000_000L;
            }
            maxRssKb = Math.max(maxRssKb, rssKb(gatewayPid));
            sleep(250);
        }
        double held = (System.nanoTime() - holdStart) / 1e9;
        long rssNow = rssKb(gatewayPid);
        String metrics = fetch(control, base + "/q/metrics");
        long eventCount = events.sum();
        System.out.println();
        System.out.println("== SSE results ==");
        System.out.printf(Locale.ROOT, "subscribers: %d requested, %d connected, %d failed, %d still open at the end of the hold, %d streams ended early%n",
                subscribers, connected.get(), failed.get(), open.get(), ended.get());
        for (String f : failures) {
            System.out.println("  failure: " + f);
        }
        System.out.printf(Locale.ROOT, "hold: %.1f s; snapshot events received: %d (%.0f/s, %.1f per subscriber), %.1f MB; heartbeats: %d; initial snapshots: %d%n",
                held, eventCount, eventCount / held, eventCount / (double) Math.max(1, connected.get()),
                bytes.sum() / 1e6, heartbeats.sum(), initialEvents.sum());
        System.out.printf(Locale.ROOT, "answer->arrival (event arrival - generated_at, events carrying a newer answer) ms: %s; events re-sending an older answer (stale flag only): %d%n",
                answerDelays.summary(), sameAnswerEvents.sum());
        System.out.printf(Locale.ROOT, "flip->arrival (status flip sent -> first event showing it, per subscriber and flip) ms: %s; flips sent: %d%n",
                flipDelays.summary(), flipsSent);
        System.out.printf(Locale.ROOT, "gateway RSS while connected: max %.1f MB (sampled every 250 ms), at end of hold %.1f MB%n",
                maxRssKb / 1024.0, rssNow / 1024.0);
        System.out.printf(Locale.ROOT, "gateway metrics at end of hold: gateway_stream_subscribers=%s heap_used=%.1f MB%n",
                metricSum(metrics, "gateway_stream_subscribers"), metricSum(metrics, "jvm_memory_used_bytes{area=\"heap\"") / 1048576.0);
        System.out.println("SSE_SUMMARY connected=" + connected.get() + " failed=" + failed.get() + " events=" + eventCount
                + " answer_p50=" + answerDelays.pct(50) + " answer_p99=" + answerDelays.pct(99)
                + " flip_p50=" + flipDelays.pct(50) + " flip_p99=" + flipDelays.pct(99)
                + " rss_max_mb=" + String.format(Locale.ROOT, "%.1f", maxRssKb / 1024.0));
        for (Sub s : subs) {
            s.cancel();
        }
        System.exit(0);
    }

    static final class Sub implements Flow.Subscriber<String> {
        private volatile Flow.Subscription subscription;
        private boolean first = true;
        private long lastGeneratedMicros = Long.MIN_VALUE;
        private int seenFlip = 0;
        private boolean snapshotEvent;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("data:")) {
                if (!snapshotEvent) {
                    return;
                }
                long arrival = nowMicros();
                bytes.add(line.length());
                long genMicros = Long.MIN_VALUE;
                Matcher m = GENERATED_AT.matcher(line);
                if (m.find()) {
                    Instant generated = Instant.parse(m.group(1));
                    genMicros = generated.getEpochSecond() * 1_000_000L + generated.getNano() / 1000;
                }
                if (first) {
                    first = false;
                    lastGeneratedMicros = genMicros;
                    initialEvents.increment();
                    return;
                }
                events.increment();
                // Only events carrying a newer upstream answer than the last one this subscriber got:
                // an event that only flips the stale flag carries an old answer and is not a delivery
                // of new data.
                if (genMicros > lastGeneratedMicros) {
                    answerDelays.add(arrival - genMicros);
                    lastGeneratedMicros = genMicros;
                } else {
                    sameAnswerEvents.increment();
                }
                // The newest flip this event shows (an event may show a later flip than the next one
                // awaited when events lag behind flips; the skipped flips then have no sample).
                for (int seq = flipSeq; seq > seenFlip; seq--) {
                    if (line.contains("\"status\":\"BENCH" + seq + "\"")) {
                        seenFlip = seq;
                        flipDelays.add(arrival - flipSentMicros[seq]);
                        break;
                    }
                }
            } else if (line.startsWith("event:")) {
                snapshotEvent = line.contains("snapshot");
            } else if (line.startsWith(":")) {
                heartbeats.increment();
            }
        }

        @Override
        public void onError(Throwable t) {
            open.decrementAndGet();
            ended.incrementAndGet();
        }

        @Override
        public void onComplete() {
            open.decrementAndGet();
            ended.incrementAndGet();
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** Delays in microseconds, reported in milliseconds. */
    static final class Samples {
        private final long[] values;
        private final AtomicInteger n = new AtomicInteger();

        Samples(int capacity) {
            values = new long[capacity];
        }

        void add(long micros) {
            int i = n.getAndIncrement();
            if (i < values.length) {
                values[i] = micros;
            }
        }

        void reset() {
            n.set(0);
        }

        private long[] sorted() {
            long[] copy = Arrays.copyOf(values, Math.min(n.get(), values.length));
            Arrays.sort(copy);
            return copy;
        }

        String pct(double p) {
            long[] s = sorted();
            if (s.length == 0) {
                return "n/a";
            }
            int idx = (int) Math.min(s.length - 1, Math.ceil(p / 100.0 * s.length) - 1);
            return String.format(Locale.ROOT, "%.1f", s[Math.max(0, idx)] / 1000.0);
        }

        String summary() {
            long[] s = sorted();
            if (s.length == 0) {
                return "no samples";
            }
            return String.format(Locale.ROOT, "n=%d p50=%s p90=%s p99=%s max=%.1f", s.length, pct(50), pct(90), pct(99),
                    s[s.length - 1] / 1000.0);
        }
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static long rssKb(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    static String fetch(HttpClient client, String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    static double metricSum(String metrics, String prefix) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] parts = line.trim().split(" ");
                try {
                    sum += Double.parseDouble(parts[parts.length - 1]);
                } catch (NumberFormatException e) {
                    // skip
                }
            }
        }
        return sum;
    }

    static void sleep(long millis) {
        sleep(millis, 0);
    }

    static void sleep(long millis, int nanos) {
        try {
            Thread.sleep(millis, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
