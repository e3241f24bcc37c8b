package io.agentmonitor.gateway.monitor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Server-Sent Events frames, encoded once and written as they are to every subscriber. The bytes
 * live off-heap so the transport sends them without a copy per connection; writing a Vert.x buffer
 * hands the connection an unreleasable slice, so one frame can sit in many write queues at once and
 * is freed by the garbage collector when no queue and no view holds it any more.
 */
final class SseFrames {

    /** The comment that keeps an idle connection open. */
    static final Buffer HEARTBEAT = frame(": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII));

    private SseFrames() {
    }

    /** {@code event: snapshot}, {@code id} and {@code data} lines; the JSON holds no line breaks. */
    static Buffer snapshot(String id, byte[] json) {
        byte[] head = ("event: snapshot\nid: " + id + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocateDirect(head.length + json.length + 2);
        bytes.put(head).put(json).put((byte) '\n').put((byte) '\n').flip();
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes));
    }

    private static Buffer frame(byte[] content) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(content.length);
        bytes.put(content).flip();
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes));
    }
}
