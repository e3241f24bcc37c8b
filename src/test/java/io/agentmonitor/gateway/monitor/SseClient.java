package io.agentmonitor.gateway.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A minimal Server-Sent Events reader for tests: collects events and comments as they arrive. With
 * {@code gzip}, it asks for a compressed stream and inflates it as it arrives.
 */
public final class SseClient implements AutoCloseable {

    /** One event ({@code name}, {@code id}, {@code data}) or, with {@code comment} set, a comment line. */
    public record Event(String name, String id, String data, String comment) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Thread reader;
    private volatile Stream<String> lines;
    private volatile int status;
    private volatile HttpResponse<?> response;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean endedCleanly;

    public SseClient(URI uri, String token, String lastEventId) throws Exception {
        this(uri, token, lastEventId, false);
    }

    public SseClient(URI uri, String token, String lastEventId, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
            HttpResponse<InputStream> compressed = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response = compressed;
            status = compressed.statusCode();
            lines = inflatedLines(compressed);
        } else {
            HttpResponse<Stream<String>> plain = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            response = plain;
            status = plain.statusCode();
            lines = plain.body();
        }
        reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public int status() {
        return status;
    }

    /** A header of the stream's response, or null. */
    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body's lines, inflated from gzip when the answer says it is compressed. */
    private static Stream<String> inflatedLines(HttpResponse<InputStream> response) throws IOException {
        InputStream body = response.body();
        if (response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent()) {
            body = new GZIPInputStream(body);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        return reader.lines().onClose(() -> {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void read() {
        List<String> block = new ArrayList<>();
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    flush(block);
                } else {
                    block.add(line);
                }
            });
            endedCleanly = true;
        } catch (RuntimeException closed) {
            // The test closed the stream, or the body broke off (a gzip body without its trailer).
        } finally {
            ended.countDown();
        }
    }

    /**
     * Whether the server ended the response within the timeout with a complete body (a gzip body
     * with its final block and trailer); false if it is still open or broke off.
     */
    public boolean endsCleanlyWithin(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && endedCleanly;
    }

    private void flush(List<String> block) {
        String name = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        for (String line : block) {
            if (line.startsWith(":")) {
                events.add(new Event(null, null, null, line.substring(1).trim()));
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
        if (name != null || data.length() > 0) {
            events.add(new Event(name, id, data.toString(), null));
        }
        block.clear();
    }

    /** The next event that is not a comment, or {@code null} after the timeout. */
    public Event nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null || event.comment() == null) {
                return event;
            }
        }
    }

    /** The next event named {@code name}, skipping others, or {@code null} after the timeout. */
    public Event nextNamed(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = nextEvent(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (event != null && name.equals(event.name())) {
                return event;
            }
        }
        return null;
    }

    /** The next comment line, or {@code null} after the timeout. */
    public String nextComment(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null || event.comment() != null) {
                return event == null ? null : event.comment();
            }
        }
    }

    @Override
    public void close() {
        if (lines != null) {
            lines.close();
        }
    }
}
