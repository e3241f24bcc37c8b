package io.agentmonitor.gateway.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/**
 * One subscriber's open event stream, written directly with frames shared by all subscribers of a
 * view, gzip-compressed when the request admits it ({@link SseFrames}). Used only on the connection's
 * event loop. A connection whose write queue is full is not written to: it keeps only the newest
 * update pending and gets it when the queue drains, so a slow consumer costs at most one full write
 * queue.
 */
final class SseConnection {

    /**
     * Kernel send buffer of a stream connection. Left to autotuning it grows to megabytes, which would
     * queue many old events for a slow reader below the write queue and keep the newest waiting.
     */
    private static final int SEND_BUFFER = 64 * 1024;

    private final HttpServerResponse response;
    private final Context context;
    private final boolean gzip;
    private final List<Runnable> closeActions = new ArrayList<>(2);
    private String lastId;
    private ViewFeeds.Update pending;
    private boolean closed;
    private long endTimer = -1;
    /** The CRC-32 and length of the uncompressed body so far, for the trailer of a gzip body. */
    private int crc;
    private long length;

    /**
     * Takes over the response; {@code lastEventId} is the id of a snapshot not to send again. The
     * events are compressed when the request admits gzip ({@link SseFrames}).
     */
    SseConnection(RoutingContext routing, String lastEventId) {
        this.response = routing.response();
        this.context = Vertx.currentContext();
        this.lastId = lastEventId;
        this.gzip = SseFrames.acceptsGzip(routing.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
        if (routing.request().connection() instanceof ConnectionBase connection) {
            connection.channel().config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER);
        }
        response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, MediaType.SERVER_SENT_EVENTS)
                .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (gzip) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").write(SseFrames.GZIP_HEADER);
        }
        response.drainHandler(ignored -> drained());
        // Also called when the connection closes: the response of an endless stream never ends otherwise.
        routing.addEndHandler(ignored -> closed());
    }

    /** Runs the action once, when the connection closes (or the response ends), or now if it already has. */
    void onClose(Runnable action) {
        if (closed) {
            action.run();
        } else {
            closeActions.add(action);
        }
    }

    /** Sends the update unless the subscriber already has it; keeps it pending while the queue is full. */
    void send(ViewFeeds.Update update) {
        if (closed || update.id().equals(lastId)) {
            return;
        }
        if (response.writeQueueFull()) {
            pending = update;
            return;
        }
        pending = null;
        lastId = update.id();
        write(update.frame());
    }

    /** A heartbeat only keeps an idle connection open: a connection with a full queue is not idle. */
    void heartbeat() {
        if (!closed && !response.writeQueueFull()) {
            write(SseFrames.HEARTBEAT);
        }
    }

    /** Ends the stream with {@code last} at {@code when} (at once if it has passed), unless it closes first. */
    void endAt(Instant when, SseFrames.Frame last) {
        if (Vertx.currentContext() != context) {
            context.runOnContext(ignored -> endAt(when, last));
            return;
        }
        if (!closed) {
            long delay = Math.max(1, Duration.between(Instant.now(), when).toMillis());
            endTimer = context.owner().setTimer(delay, ignored -> end(last));
        }
    }

    /** Ends the stream with {@code last} as soon as its event loop gets to it; callable from any thread. */
    void endSoon(SseFrames.Frame last) {
        context.runOnContext(ignored -> end(last));
    }

    /**
     * Writes {@code last} (even behind a full queue: nothing follows it) and ends the response, and
     * with it a gzip body, properly.
     */
    private void end(SseFrames.Frame last) {
        if (closed) {
            return;
        }
        pending = null;
        write(last);
        if (gzip) {
            response.write(SseFrames.gzipEnd(crc, length));
        }
        response.end();
        closed();
    }

    private void write(SseFrames.Frame frame) {
        if (gzip) {
            crc = frame.checksum().after(crc);
            length += frame.checksum().length();
        }
        response.write(frame.encoded(gzip));
    }

    private void closed() {
        if (!closed) {
            closed = true;
            pending = null;
            if (endTimer >= 0) {
                context.owner().cancelTimer(endTimer);
            }
            closeActions.forEach(Runnable::run);
        }
    }

    private void drained() {
        ViewFeeds.Update update = pending;
        if (update != null) {
            send(update);
        }
    }
}
