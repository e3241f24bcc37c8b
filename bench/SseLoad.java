import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

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
 *                    than the subscriber's previous event: the "within 100 ms" target. Views built
 *                    from one upstream search only: a view merged from several (a views-file line
 *                    ending in "merged") carries the oldest part's time, so an event carried by a
 *                    newer part looks up to a refresh interval late; those are reported apart;
 *   flip->arrival    arrival of the first event showing a flipped status minus the time the flip
 *                    was sent to the simulator: includes waiting for the next refresh (up to the
 *                    freshness interval), so it is the end-to-end figure a wallboard sees.
 * Same machine, same wall clock for both ends.
 *
 * The client is kept cheap so that it measures the gateway, not itself: the subscribers are plain
 * non-blocking sockets served by two selector threads, the HTTP/1.1 request is written by hand, and
 * the (chunked) body is split into lines and a snapshot event's data line searched for the
 * generated_at value and the flip marker with String's vectorized searches over Latin-1 copies of
 * the bytes, never decoding or parsing the JSON. An event's arrival is the time the read that
 * completed its data line returned.
 *
 * Subscribers ask for gzip, as browsers do (-Dgzip=false: uncompressed). Each subscriber reads its
 * own compressed stream; a segment (one event) is inflated once for all subscribers that receive the
 * very same bytes (see Decoded), which the gateway's segments allow: each decodes on its own.
 */
public class SseLoad {

    static final AtomicInteger connected = new AtomicInteger();
    static final AtomicInteger open = new AtomicInteger();
    static final AtomicInteger failed = new AtomicInteger();
    static final AtomicInteger ended = new AtomicInteger();
    static final LongAdder events = new LongAdder();
    static final LongAdder initialEvents = new LongAdder();
    static final LongAdder heartbeats = new LongAdder();
    static final LongAdder sameAnswerEvents = new LongAdder();
    static final LongAdder bytes = new LongAdder();
    static final LongAdder wireBytes = new LongAdder();
    static final LongAdder inflatedSegments = new LongAdder();
    static final LongAdder reusedSegments = new LongAdder();
    static final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    static final Samples answerDelays = new Samples(4_000_000);
    static final Samples mergedAnswerDelays = new Samples(4_000_000);
    static final Samples flipDelays = new Samples(1_000_000);
    /** answer->arrival by view (its line in the views file), in the file's order. */
    static final Map<String, Samples> answerDelaysByView = Collections.synchronizedMap(new LinkedHashMap<>());

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
        boolean gzip = Boolean.parseBoolean(System.getProperty("gzip", "true"));
        // Lines "TOKEN PATH": subscriber i uses line i % lines.
        List<String[]> views = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("views")))) {
            if (!line.isBlank()) {
                views.add(line.trim().split("\\s+", 3));
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

        URI gateway = URI.create(base);
        InetSocketAddress address = new InetSocketAddress(gateway.getHost(),
                gateway.getPort() > 0 ? gateway.getPort() : 80);
        String hostHeader = gateway.getHost() + (gateway.getPort() > 0 ? ":" + gateway.getPort() : "");
        Reactor[] reactors = {new Reactor("sse-reactor-1"), new Reactor("sse-reactor-2")};
        for (Reactor reactor : reactors) {
            reactor.start();
        }
        HttpClient control = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        long start = System.nanoTime();
        for (int i = 0; i < subscribers; i++) {
            String[] view = views.get(i % views.size());
            byte[] request = ("GET " + view[1] + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer "
                    + view[0] + "\r\nAccept: text/event-stream\r\n" + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            boolean merged = view.length > 2 && view[2].equals("merged");
            String viewName = (i % views.size() + 1) + ": " + view[1] + (merged ? " (merged)" : "");
            answerDelaysByView.computeIfAbsent(viewName, name -> new Samples(1_000_000));
            reactors[i % reactors.length].add(new Sub(address, view[1], request, answerDelaysByView.get(viewName), merged));
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
        mergedAnswerDelays.reset();
        flipDelays.reset();
        answerDelaysByView.values().forEach(Samples::reset);
        events.reset();
        bytes.reset();
        wireBytes.reset();
        inflatedSegments.reset();
        reusedSegments.reset();
        heartbeats.reset();
        sameAnswerEvents.reset();

        long holdStart = System.nanoTime();
        long clientCpuStart = processCpuNanos();
        long gatewayCpuStart = cpuNanos(gatewayPid);
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
        double clientCpu = (processCpuNanos() - clientCpuStart) / 1e9;
        double gatewayCpu = (cpuNanos(gatewayPid) - gatewayCpuStart) / 1e9;
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
        System.out.printf(Locale.ROOT, "hold: %.1f s; snapshot events received: %d (%.0f/s, %.1f per subscriber), %.1f MB of data lines, %.1f MB of response bodies on the wire (%s); heartbeats: %d; initial snapshots: %d%n",
                held, eventCount, eventCount / held, eventCount / (double) Math.max(1, connected.get()),
                bytes.sum() / 1e6, wireBytes.sum() / 1e6, gzip ? "gzip asked for" : "uncompressed", heartbeats.sum(),
                initialEvents.sum());
        if (gzip) {
            System.out.printf(Locale.ROOT, "gzip segments: %d inflated, %d identical to one inflated already%n",
                    inflatedSegments.sum(), reusedSegments.sum());
        }
        System.out.printf(Locale.ROOT, "answer->arrival (event arrival - generated_at, events carrying a newer answer, views of one search) ms: %s; events re-sending an older answer (stale flag only): %d%n",
                answerDelays.summary(), sameAnswerEvents.sum());
        System.out.printf(Locale.ROOT, "answer->arrival on views merged from several searches (generated_at is the oldest part's) ms: %s%n",
                mergedAnswerDelays.summary());
        answerDelaysByView.forEach((view, delays) -> System.out.printf(Locale.ROOT, "  answer->arrival ms, view %s: %s%n",
                view, delays.summary()));
        System.out.printf(Locale.ROOT, "flip->arrival (status flip sent -> first event showing it, per subscriber and flip) ms: %s; flips sent: %d%n",
                flipDelays.summary(), flipsSent);
        System.out.printf(Locale.ROOT, "CPU time during the hold (2 cores = %.0f s): this client %.1f s, the gateway %.1f s%n",
                2 * held, clientCpu, gatewayCpu);
        System.out.printf(Locale.ROOT, "gateway RSS while connected: max %.1f MB (sampled every 250 ms), at end of hold %.1f MB%n",
                maxRssKb / 1024.0, rssNow / 1024.0);
        System.out.printf(Locale.ROOT, "gateway metrics at end of hold: gateway_stream_subscribers=%s heap_used=%.1f MB%n",
                metricSum(metrics, "gateway_stream_subscribers"), metricSum(metrics, "jvm_memory_used_bytes{area=\"heap\"") / 1048576.0);
        System.out.println("SSE_SUMMARY connected=" + connected.get() + " failed=" + failed.get() + " events=" + eventCount
                + " answer_p50=" + answerDelays.pct(50) + " answer_p99=" + answerDelays.pct(99)
                + " flip_p50=" + flipDelays.pct(50) + " flip_p99=" + flipDelays.pct(99)
                + " rss_max_mb=" + String.format(Locale.ROOT, "%.1f", maxRssKb / 1024.0));
        for (Reactor reactor : reactors) {
            reactor.shutdown();
        }
        System.exit(0);
    }

    static void fail(String failure) {
        failed.incrementAndGet();
        if (failures.size() < 5) {
            failures.add(failure);
        }
    }

    /** One selector thread serving its share of the subscribers. */
    static final class Reactor extends Thread {
        private static final long CONNECT_TIMEOUT_NANOS = 10_000_000_000L;
        private static final long RESPONSE_TIMEOUT_NANOS = 60_000_000_000L;

        private final Selector selector;
        private final ConcurrentLinkedQueue<Sub> added = new ConcurrentLinkedQueue<>();
        private final List<Sub> waiting = new ArrayList<>();
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
        private final byte[] bytes = new byte[256 * 1024];
        private final byte[] inflated = new byte[256 * 1024];
        private volatile boolean running = true;

        Reactor(String name) throws IOException {
            super(name);
            setDaemon(true);
            selector = Selector.open();
        }

        void add(Sub sub) {
            added.add(sub);
            selector.wakeup();
        }

        void shutdown() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            long nextTimeoutCheck = System.nanoTime() + 1_000_000_000L;
            while (running) {
                try {
                    selector.select(500);
                } catch (IOException e) {
                    return;
                }
                for (Sub sub; (sub = added.poll()) != null; ) {
                    sub.open(selector);
                    waiting.add(sub);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Sub sub = (Sub) key.attachment();
                    try {
                        if (key.isValid() && key.isConnectable()) {
                            sub.connected(key);
                        }
                        if (key.isValid() && key.isWritable()) {
                            sub.writeRequest(key);
                        }
                        if (key.isValid() && key.isReadable()) {
                            sub.read(readBuffer, bytes, inflated);
                        }
                    } catch (IOException | RuntimeException e) {
                        sub.broken(e);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now >= nextTimeoutCheck) {
                    nextTimeoutCheck = now + 1_000_000_000L;
                    waiting.removeIf(sub -> sub.checkTimeout(now));
                }
            }
            for (SelectionKey key : selector.keys()) {
                ((Sub) key.attachment()).close();
            }
        }
    }

    /** One subscriber: its socket, the HTTP response parser and the event scanner. */
    static final class Sub {
        private static final String GENERATED_AT = "\"generated_at\":\"";
        private static final String BENCH_STATUS = "\"status\":\"BENCH";
        private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SNAPSHOT = "snapshot".getBytes(StandardCharsets.US_ASCII);

        private enum Phase { CONNECTING, REQUEST, HEAD, BODY, DONE }
        private enum Chunk { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF }

        private final InetSocketAddress address;
        private final String path;
        private final Samples answers;
        private final Samples viewAnswers;
        private final ByteBuffer request;
        private final long created = System.nanoTime();
        private SocketChannel channel;
        private Phase phase = Phase.CONNECTING;

        // Response head, kept as text: it is small and read once.
        private final StringBuilder head = new StringBuilder();
        private boolean chunked;
        private Chunk chunk = Chunk.SIZE;
        private long chunkLeft;
        // A gzip body: the header's bytes still to check, then the inflater of the deflate stream.
        private Inflater inflater;
        private int gzipHeaderRead;
        private byte[] segment = new byte[0];
        private int segmentLength;

        // The line being read: its first bytes and length; the bytes of a snapshot event's line that
        // spans reads or chunks are kept until it ends.
        private final byte[] lineStart = new byte[32];
        private int lineLength;
        private byte[] carry = new byte[0];
        private int carried;
        private long readMicros; // when the current read returned: the arrival of its bytes

        // Per event and subscriber.
        private boolean snapshotEvent;
        private boolean first = true;
        private long lastGeneratedMicros = Long.MIN_VALUE;
        private int seenFlip = 0;

        Sub(InetSocketAddress address, String path, byte[] request, Samples viewAnswers, boolean merged) {
            this.address = address;
            this.path = path;
            this.answers = merged ? mergedAnswerDelays : answerDelays;
            this.viewAnswers = viewAnswers;
            this.request = ByteBuffer.wrap(request);
        }

        void open(Selector selector) {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (channel.connect(address)) {
                    phase = Phase.REQUEST;
                    channel.register(selector, SelectionKey.OP_WRITE, this);
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT, this);
                }
            } catch (IOException e) {
                broken(e);
            }
        }

        void connected(SelectionKey key) throws IOException {
            if (channel.finishConnect()) {
                phase = Phase.REQUEST;
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }

        void writeRequest(SelectionKey key) throws IOException {
            channel.write(request);
            if (!request.hasRemaining()) {
                phase = Phase.HEAD;
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        /** Fails a subscriber still without a response after the timeouts; true when it no longer waits. */
        boolean checkTimeout(long now) {
            if (phase == Phase.BODY || phase == Phase.DONE) {
                return true;
            }
            if (phase == Phase.CONNECTING && now - created > Reactor.CONNECT_TIMEOUT_NANOS) {
                broken(new IOException("connect timed out"));
                return true;
            }
            if (now - created > Reactor.RESPONSE_TIMEOUT_NANOS) {
                broken(new IOException("request timed out"));
                return true;
            }
            return false;
        }

        void read(ByteBuffer buffer, byte[] bytes, byte[] inflated) throws IOException {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    closedByServer();
                    return;
                }
                if (n == 0) {
                    return;
                }
                readMicros = nowMicros();
                buffer.flip();
                buffer.get(bytes, 0, n);
                int from = 0;
                if (phase == Phase.HEAD) {
                    from = readHead(bytes, n);
                }
                if (phase == Phase.BODY && from < n) {
                    wireBytes.add(n - from);
                    // The read as Latin-1 text too: String's searches are vectorized, a byte loop is not.
                    String text = inflater == null ? new String(bytes, 0, n, StandardCharsets.ISO_8859_1) : null;
                    if (chunked) {
                        dechunk(bytes, text, from, n, inflated);
                    } else if (inflater == null) {
                        scan(bytes, text, from, n);
                    } else {
                        throw new IOException("a gzip body without chunks is not read here");
                    }
                }
                if (phase == Phase.DONE || n < buffer.capacity()) {
                    return;
                }
            }
        }

        /** Reads the status line and headers; returns where the body starts. */
        private int readHead(byte[] bytes, int n) {
            for (int i = 0; i < n; i++) {
                head.append((char) bytes[i]);
                int len = head.length();
                if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 2) == '\r'
                        && head.charAt(len - 3) == '\n' && head.charAt(len - 4) == '\r') {
                    String text = head.toString();
                    int status = text.length() > 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
                    if (status != 200) {
                        fail("HTTP " + status + " for " + path);
                        close();
                        return n;
                    }
                    String headers = text.toLowerCase(Locale.ROOT);
                    chunked = headers.contains("\ntransfer-encoding: chunked");
                    if (headers.contains("\ncontent-encoding: gzip")) {
                        inflater = new Inflater(true);
                    }
                    head.setLength(0);
                    phase = Phase.BODY;
                    connected.incrementAndGet();
                    open.incrementAndGet();
                    return i + 1;
                }
            }
            return n;
        }

        /** Takes the chunk framing off and scans the chunks' data. */
        private void dechunk(byte[] bytes, String text, int from, int to, byte[] inflated) throws IOException {
            int i = from;
            while (i < to && phase == Phase.BODY) {
                switch (chunk) {
                    case SIZE -> {
                        byte b = bytes[i++];
                        int digit = Character.digit(b, 16);
                        if (digit >= 0) {
                            chunkLeft = chunkLeft * 16 + digit;
                        } else if (b == '\r') {
                            chunk = Chunk.SIZE_LF;
                        } else if (b == ';') {
                            chunk = Chunk.EXTENSION;
                        } else {
                            throw new IOException("malformed chunk size");
                        }
                    }
                    case EXTENSION -> {
                        if (bytes[i++] == '\r') {
                            chunk = Chunk.SIZE_LF;
                        }
                    }
                    case SIZE_LF -> {
                        i++;
                        if (chunkLeft == 0) {
                            closedByServer(); // the last chunk: the stream ended
                            return;
                        }
                        chunk = Chunk.DATA;
                    }
                    case DATA -> {
                        int end = (int) Math.min(to, i + chunkLeft);
                        if (inflater == null) {
                            scan(bytes, text, i, end);
                        } else {
                            gather(bytes, i, end);
                        }
                        chunkLeft -= end - i;
                        i = end;
                        if (chunkLeft == 0) {
                            chunk = Chunk.DATA_CR;
                            if (inflater != null) {
                                endSegment(inflated);
                            }
                        }
                    }
                    case DATA_CR -> {
                        i++;
                        chunk = Chunk.DATA_LF;
                    }
                    case DATA_LF -> {
                        i++;
                        chunk = Chunk.SIZE;
                    }
                }
            }
        }

        /** Gathers a chunk of a gzip body: the gateway writes each event (and the gzip header) as one chunk. */
        private void gather(byte[] bytes, int from, int to) {
            if (segmentLength + to - from > segment.length) {
                segment = Arrays.copyOf(segment, Math.max(segmentLength + to - from, 2 * segment.length));
            }
            System.arraycopy(bytes, from, segment, segmentLength, to - from);
            segmentLength += to - from;
        }

        /**
         * A whole chunk of a gzip body: after the header, one deflate segment (one event) that decodes
         * on its own. Inflated by this subscriber's inflater unless the same bytes were inflated already
         * (all subscribers of a view get the same segment): checked byte for byte, then the decoded
         * event is scanned as this subscriber's.
         */
        private void endSegment(byte[] inflated) throws IOException {
            int from = 0;
            for (; gzipHeaderRead < 10 && from < segmentLength; gzipHeaderRead++, from++) {
                // 1f 8b, deflate, no flags: the header the gateway writes; anything else is not read here.
                int expected = gzipHeaderRead == 0 ? 0x1f : gzipHeaderRead == 1 ? 0x8b : gzipHeaderRead == 2 ? 8 : 0;
                if (gzipHeaderRead <= 3 && (segment[from] & 0xff) != expected) {
                    throw new IOException("unexpected gzip header byte " + (segment[from] & 0xff) + " at " + gzipHeaderRead);
                }
            }
            if (from < segmentLength) {
                Decoded decoded = Decoded.find(segment, from, segmentLength);
                if (decoded == null) {
                    decoded = Decoded.keep(segment, from, segmentLength, inflate(from, inflated));
                } else {
                    reusedSegments.increment();
                }
                if (decoded.wholeFrame && lineLength == 0 && carried == 0 && !snapshotEvent) {
                    // What scanning the frame would find, found once for every subscriber it reaches.
                    if (decoded.heartbeat) {
                        heartbeats.increment();
                    } else {
                        delivered(decoded.dataLength, decoded.generatedMicros, decoded.newestFlip);
                    }
                } else {
                    scan(decoded.plain, decoded.text, 0, decoded.plain.length);
                }
            }
            segmentLength = 0;
        }

        private byte[] inflate(int from, byte[] inflated) throws IOException {
            inflatedSegments.increment();
            inflater.setInput(segment, from, segmentLength - from);
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            try {
                while (true) {
                    int n = inflater.inflate(inflated);
                    if (n > 0) {
                        plain.write(inflated, 0, n);
                    } else if (inflater.needsInput() || inflater.finished()) {
                        return plain.toByteArray();
                    } else {
                        throw new IOException("gzip body needs a dictionary");
                    }
                }
            } catch (DataFormatException e) {
                throw new IOException("malformed gzip body: " + e.getMessage());
            }
        }

        /**
         * Splits event-stream bytes into lines (a line may go on in the next read or chunk); a data
         * line of a snapshot event is searched, once complete, for its generated_at and the flip marker.
         */
        private void scan(byte[] bytes, String text, int from, int to) {
            int i = from;
            while (i < to) {
                int newline = text.indexOf('\n', i);
                boolean ends = newline >= 0 && newline < to;
                int end = ends ? newline : to;
                take(bytes, i, end);
                if (!ends) {
                    keep(bytes, i, end);
                    return;
                }
                if (carried == 0) {
                    endLine(text, i, end);
                } else {
                    keep(bytes, i, end);
                    endLine(new String(carry, 0, carried, StandardCharsets.ISO_8859_1), 0, carried);
                }
                lineLength = 0;
                carried = 0;
                i = newline + 1;
            }
        }

        /** Counts a part of the current line and keeps its first bytes. */
        private void take(byte[] bytes, int from, int end) {
            if (lineLength == 0 && end > from && bytes[from] == ':') {
                heartbeats.increment();
            }
            for (int k = from; k < end && lineLength + k - from < lineStart.length; k++) {
                lineStart[lineLength + k - from] = bytes[k];
            }
            lineLength += end - from;
        }

        /** Keeps a part of a snapshot event's line that does not end in this read or chunk. */
        private void keep(byte[] bytes, int from, int end) {
            if (!snapshotEvent || end == from) {
                return;
            }
            if (carried + end - from > carry.length) {
                carry = Arrays.copyOf(carry, Math.max(carried + end - from, 2 * carry.length));
            }
            System.arraycopy(bytes, from, carry, carried, end - from);
            carried += end - from;
        }

        private boolean startsWith(byte[] prefix) {
            if (lineLength < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (lineStart[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        /** A complete line, text[from, end). */
        private void endLine(String text, int from, int end) {
            if (lineLength == 0) {
                snapshotEvent = false; // the blank line ending an event
            } else if (startsWith(EVENT)) {
                snapshotEvent = contains(lineStart, Math.min(lineLength, lineStart.length), SNAPSHOT);
            } else if (snapshotEvent && startsWith(DATA)) {
                dataLine(text, from, end);
            }
        }

        /** A snapshot event's data line: its answer's generated_at, and the newest flip it shows. */
        private void dataLine(String text, int from, int end) {
            delivered(lineLength, generatedMicros(text, from, end), newestFlip(text, from, end));
        }

        /** The generated_at of a data line text[from, end), epoch micros, or Long.MIN_VALUE. */
        static long generatedMicros(String text, int from, int end) {
            int at = text.indexOf(GENERATED_AT, from);
            if (at >= 0 && at < end) {
                int value = at + GENERATED_AT.length();
                int close = text.indexOf('"', value);
                if (close > value && close < end) {
                    try {
                        Instant generated = Instant.parse(text.substring(value, close));
                        return generated.getEpochSecond() * 1_000_000L + generated.getNano() / 1000;
                    } catch (RuntimeException e) {
                        // not a timestamp: no sample
                    }
                }
            }
            return Long.MIN_VALUE;
        }

        /** The newest flip (BENCH<n> status, n already sent) a data line text[from, end) shows, or 0. */
        static int newestFlip(String text, int from, int end) {
            int benchMax = 0;
            for (int k = text.indexOf(BENCH_STATUS, from); k >= 0 && k < end; k = text.indexOf(BENCH_STATUS, k + 1)) {
                int d = k + BENCH_STATUS.length();
                int value = 0;
                while (d < end && text.charAt(d) >= '0' && text.charAt(d) <= '9') {
                    value = Math.min(1_000_000, value * 10 + text.charAt(d) - '0');
                    d++;
                }
                if (d < end && text.charAt(d) == '"' && value <= flipSeq) {
                    benchMax = Math.max(benchMax, value);
                }
            }
            return benchMax;
        }

        /** A snapshot event's data line (of that length) arrived with the current read. */
        private void delivered(int dataLength, long genMicros, int benchMax) {
            long arrival = readMicros;
            bytes.add(dataLength);
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
                answers.add(arrival - genMicros);
                viewAnswers.add(arrival - genMicros);
                lastGeneratedMicros = genMicros;
            } else {
                sameAnswerEvents.increment();
            }
            // The newest flip this event shows (an event may show a later flip than the next one
            // awaited when events lag behind flips; the skipped flips then have no sample).
            if (benchMax > seenFlip) {
                seenFlip = benchMax;
                flipDelays.add(arrival - flipSentMicros[benchMax]);
            }
        }

        private static boolean contains(byte[] bytes, int length, byte[] part) {
            outer:
            for (int i = 0; i + part.length <= length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (bytes[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        private void closedByServer() {
            if (phase == Phase.BODY) {
                open.decrementAndGet();
                ended.incrementAndGet();
            } else if (phase != Phase.DONE) {
                fail("connection closed before the response for " + path);
            }
            close();
        }

        void broken(Exception e) {
            if (phase == Phase.BODY) {
                open.decrementAndGet();
                ended.incrementAndGet();
            } else if (phase != Phase.DONE) {
                fail(String.valueOf(e));
            }
            close();
        }

        void close() {
            phase = Phase.DONE;
            if (inflater != null) {
                inflater.end();
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // gone
                }
            }
        }
    }

    /**
     * Recently inflated gzip segments, by their compressed bytes: 5,000 real subscribers each inflate
     * on their own device, and this one process, on the gateway's cores, should not do it 5,000 times.
     */
    static final class Decoded {
        private static final Map<Integer, Decoded> RECENT = Collections.synchronizedMap(
                new LinkedHashMap<>(64, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Integer, Decoded> eldest) {
                        return size() > 256;
                    }
                });

        private static final String SNAPSHOT_HEAD = "event: snapshot\nid: ";

        final byte[] compressed;
        final byte[] plain;
        final String text;
        /** One whole frame: a heartbeat comment, or a snapshot event (its data line's length and findings). */
        final boolean wholeFrame;
        final boolean heartbeat;
        final int dataLength;
        final long generatedMicros;
        final int newestFlip;

        private Decoded(byte[] compressed, byte[] plain) {
            this.compressed = compressed;
            this.plain = plain;
            this.text = new String(plain, StandardCharsets.ISO_8859_1);
            int lines = 0;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                lines++;
            }
            heartbeat = text.equals(": heartbeat\n\n");
            int data = text.indexOf("\ndata: ");
            boolean snapshot = text.startsWith(SNAPSHOT_HEAD) && lines == 4 && data > 0 && text.endsWith("\n\n");
            wholeFrame = heartbeat || snapshot;
            int dataStart = data + 1;
            int dataEnd = text.length() - 2;
            dataLength = snapshot ? dataEnd - dataStart : 0;
            generatedMicros = snapshot ? Sub.generatedMicros(text, dataStart, dataEnd) : Long.MIN_VALUE;
            newestFlip = snapshot ? Sub.newestFlip(text, dataStart, dataEnd) : 0;
        }

        /** The segment's decoding if the very same bytes were decoded recently, else null. */
        static Decoded find(byte[] bytes, int from, int to) {
            Decoded d = RECENT.get(hash(bytes, from, to));
            return d != null && Arrays.equals(d.compressed, 0, d.compressed.length, bytes, from, to) ? d : null;
        }

        static Decoded keep(byte[] bytes, int from, int to, byte[] plain) {
            Decoded d = new Decoded(Arrays.copyOfRange(bytes, from, to), plain);
            RECENT.put(hash(bytes, from, to), d);
            return d;
        }

        /** Over the length, the first 512 bytes and the last 64: enough to tell events apart; equality decides. */
        private static int hash(byte[] bytes, int from, int to) {
            int h = to - from;
            int headEnd = Math.min(to, from + 512);
            for (int i = from; i < headEnd; i++) {
                h = 31 * h + bytes[i];
            }
            for (int i = Math.max(headEnd, to - 64); i < to; i++) {
                h = 31 * h + bytes[i];
            }
            return h;
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

    /** This JVM's CPU time (user + system), nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A process' CPU time (user + system) from /proc, nanoseconds; 0 if unknown. */
    static long cpuNanos(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** USER_HZ: 100 on Linux x86_64 (what `getconf CLK_TCK` prints). */
    static final long CLOCK_TICKS_PER_SECOND = Long.getLong("clockTicks", 100);

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
