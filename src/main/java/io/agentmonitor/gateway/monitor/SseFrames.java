package io.agentmonitor.gateway.monitor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.Deflater;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Server-Sent Events frames, encoded once and written as they are to every subscriber. The bytes
 * live off-heap so the transport sends them without a copy per connection; writing a Vert.x buffer
 * hands the connection an unreleasable slice, so one frame can sit in many write queues at once and
 * is freed by the garbage collector when no queue and no view holds it any more.
 * <p>
 * Each frame also exists as a gzip segment, for subscribers whose {@code Accept-Encoding} admits
 * gzip: a connection's body is the gzip header, then the segments of its frames. A segment is
 * compressed on its own (it refers to no earlier frame) and flushed to a byte boundary without ending
 * the deflate stream, so the segments of one view's events can follow each other on any connection,
 * and each event can be decoded as soon as its segment arrives. The stream never ends by itself, so
 * neither does the gzip body: a closed connection leaves it without a trailer, as it leaves any
 * event stream cut off.
 */
final class SseFrames {

    /** One frame as written to a plain subscriber and to a gzip one. */
    record Frame(Buffer plain, Buffer gzip) {

        Buffer encoded(boolean gzipped) {
            return gzipped ? gzip : plain;
        }
    }

    /** The gzip header that starts a compressed stream: deflate, no name, no time, unknown system. */
    static final Buffer GZIP_HEADER = direct(new byte[] {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff});

    /** The comment that keeps an idle connection open. */
    static final Frame HEARTBEAT = frame(": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII));

    private SseFrames() {
    }

    /** {@code event: snapshot}, {@code id} and {@code data} lines; the JSON holds no line breaks. */
    static Frame snapshot(String id, byte[] json) {
        byte[] head = ("event: snapshot\nid: " + id + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(json, 0, content, head.length, json.length);
        content[content.length - 2] = '\n';
        content[content.length - 1] = '\n';
        return frame(content);
    }

    /**
     * Whether an {@code Accept-Encoding} header admits gzip: gzip (or {@code x-gzip}) listed with a
     * non-zero quality, or not listed and {@code *} is. A quality that cannot be read admits nothing.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean any = null;
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean admitted = quality(parts) > 0;
            if (name.equals("gzip") || name.equals("x-gzip")) {
                return admitted;
            }
            if (name.equals("*")) {
                any = admitted;
            }
        }
        return Boolean.TRUE.equals(any);
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException unreadable) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** A deflate segment of the content alone, sync-flushed: see the class comment. */
    static byte[] deflateSegment(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(content);
            ByteArrayOutputStream segment = new ByteArrayOutputStream(content.length / 4 + 64);
            byte[] chunk = new byte[16 * 1024];
            int written;
            do { // a sync flush that fills the chunk may have more to give
                written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                segment.write(chunk, 0, written);
            } while (written == chunk.length);
            return segment.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static Frame frame(byte[] content) {
        return new Frame(direct(content), direct(deflateSegment(content)));
    }

    private static Buffer direct(byte[] content) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(content.length);
        bytes.put(content).flip();
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes));
    }
}
