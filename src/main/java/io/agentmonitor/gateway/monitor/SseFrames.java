package io.agentmonitor.gateway.monitor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;
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
 * and each event can be decoded as soon as its segment arrives. A stream the gateway ends (its
 * authorization ended) ends its gzip body properly, with a final block and the trailer; a
 * connection closed otherwise leaves it without one, as it leaves any event stream cut off.
 */
final class SseFrames {

    /**
     * One frame as written to a plain subscriber and to a gzip one, with what it adds to the CRC-32
     * of a gzip body that carries it.
     */
    record Frame(Buffer plain, Buffer gzip, Checksum checksum) {

        Buffer encoded(boolean gzipped) {
            return gzipped ? gzip : plain;
        }
    }

    /**
     * A frame's part of the CRC-32 that ends a gzip body: its own CRC and the operator (a 32×32
     * matrix over GF(2), as zlib's {@code crc32_combine}) that carries an earlier CRC past its
     * length, so a connection keeps its body's CRC in a few dozen operations per frame instead of
     * reading every byte it sent again.
     */
    record Checksum(int crc, int length, int[] shift) {

        static Checksum of(byte[] content) {
            CRC32 crc = new CRC32();
            crc.update(content);
            return new Checksum((int) crc.getValue(), content.length, zeroBytes(content.length));
        }

        /** The CRC-32 of a body whose CRC was {@code earlier} once this frame follows it. */
        int after(int earlier) {
            return times(shift, earlier) ^ crc;
        }

        private static int[] zeroBytes(long count) {
            int[] bit = new int[32]; // the operator of one zero bit
            bit[0] = 0xedb88320;
            for (int n = 1; n < 32; n++) {
                bit[n] = 1 << (n - 1);
            }
            int[] zeroByte = square(square(square(bit)));
            int[] result = new int[32];
            for (int n = 0; n < 32; n++) {
                result[n] = 1 << n;
            }
            for (long left = count; left != 0; left >>>= 1) {
                if ((left & 1) != 0) {
                    result = compose(zeroByte, result);
                }
                zeroByte = square(zeroByte);
            }
            return result;
        }

        private static int times(int[] matrix, int vector) {
            int sum = 0;
            for (int i = 0; vector != 0; i++, vector >>>= 1) {
                if ((vector & 1) != 0) {
                    sum ^= matrix[i];
                }
            }
            return sum;
        }

        private static int[] square(int[] matrix) {
            return compose(matrix, matrix);
        }

        /** {@code outer} applied after {@code inner}. */
        private static int[] compose(int[] outer, int[] inner) {
            int[] result = new int[32];
            for (int n = 0; n < 32; n++) {
                result[n] = times(outer, inner[n]);
            }
            return result;
        }
    }

    /** The gzip header that starts a compressed stream: deflate, no name, no time, unknown system. */
    static final Buffer GZIP_HEADER = direct(new byte[] {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff});

    /** The comment that keeps an idle connection open. */
    static final Frame HEARTBEAT = frame(": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII));

    private SseFrames() {
    }

    /**
     * The last event of a stream whose authorization ends ({@code reason} is a word such as
     * {@code token-expired}): no {@code id}, so {@code Last-Event-ID} always names a snapshot.
     */
    static Frame reauthenticate(String reason, String detail) {
        String json = new io.vertx.core.json.JsonObject().put("reason", reason).put("detail", detail).encode();
        return frame(("event: reauthenticate\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What ends a gzip body after its last segment: an empty final deflate block, then the CRC-32 and
     * the length (modulo 2^32) of everything it carried, both little-endian.
     */
    static Buffer gzipEnd(int crc, long length) {
        byte[] end = {0x03, 0x00, (byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24),
            (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)};
        return Buffer.buffer(end);
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
        return new Frame(direct(content), direct(deflateSegment(content)), Checksum.of(content));
    }

    private static Buffer direct(byte[] content) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(content.length);
        bytes.put(content).flip();
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes));
    }
}
