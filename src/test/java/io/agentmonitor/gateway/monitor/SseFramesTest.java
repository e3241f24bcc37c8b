package io.agentmonitor.gateway.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

/** Stream frames: plain and gzip forms that decode to the same events, and who gets gzip. */
class SseFramesTest {

    @Test
    void theGzipHeaderAndAnyOrderOfSegmentsDecodeToThePlainFramesAsTheyArrive() throws IOException {
        byte[] json = ("{\"agents\":[" + "{\"user_id\":\"1001\",\"status\":\"READY\"},".repeat(400) + "{}]}")
                .getBytes(StandardCharsets.UTF_8);
        SseFrames.Frame first = SseFrames.snapshot("aa", json);
        SseFrames.Frame second = SseFrames.snapshot("bb", "{\"agents\":[]}".getBytes(StandardCharsets.UTF_8));
        SseFrames.Frame[] sent = {second, SseFrames.HEARTBEAT, first, second};

        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        compressed.writeBytes(SseFrames.GZIP_HEADER.getBytes());
        for (SseFrames.Frame frame : sent) {
            compressed.writeBytes(frame.gzip().getBytes());
            plain.writeBytes(frame.plain().getBytes());
        }
        // No trailer follows (the stream is endless): read exactly what was sent, never to the end.
        try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
            assertArrayEquals(plain.toByteArray(), inflated.readNBytes(plain.size()));
        }
        assertEquals("event: snapshot\nid: bb\ndata: {\"agents\":[]}\n\n", text(second.plain()));
        assertTrue(first.gzip().length() * 10 < first.plain().length(),
                "a repetitive snapshot compresses: " + first.gzip().length() + " of " + first.plain().length());
    }

    @Test
    void eachSegmentCanBeDecodedAsSoonAsItArrives() throws IOException {
        SseFrames.Frame frame = SseFrames.snapshot("cc", "{\"agents\":[{\"user_id\":\"7\"}]}".getBytes(StandardCharsets.UTF_8));
        byte[] header = SseFrames.GZIP_HEADER.getBytes();
        byte[] segment = frame.gzip().getBytes();
        byte[] arrived = new byte[header.length + segment.length];
        System.arraycopy(header, 0, arrived, 0, header.length);
        System.arraycopy(segment, 0, arrived, header.length, segment.length);
        try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(arrived))) {
            assertEquals(text(frame.plain()), new String(inflated.readNBytes(frame.plain().length()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void gzipIsSentOnlyWhenTheRequestAdmitsIt() {
        assertTrue(SseFrames.acceptsGzip("gzip"));
        assertTrue(SseFrames.acceptsGzip("gzip, deflate, br, zstd"));
        assertTrue(SseFrames.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
        assertTrue(SseFrames.acceptsGzip("x-gzip"));
        assertTrue(SseFrames.acceptsGzip("*"));
        assertTrue(SseFrames.acceptsGzip("identity, *;q=0.1"));
        assertFalse(SseFrames.acceptsGzip(null));
        assertFalse(SseFrames.acceptsGzip(""));
        assertFalse(SseFrames.acceptsGzip("identity"));
        assertFalse(SseFrames.acceptsGzip("br, deflate"));
        assertFalse(SseFrames.acceptsGzip("gzip;q=0"));
        assertFalse(SseFrames.acceptsGzip("gzip;q=0.000, *"), "gzip refused by name, whatever * says");
        assertFalse(SseFrames.acceptsGzip("*;q=0"));
        assertFalse(SseFrames.acceptsGzip("gzip;q=high"));
    }

    private static String text(Buffer buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aConnectionsRunningChecksumIsTheCrcOfEverythingItSent() {
        SseFrames.Frame big = SseFrames.snapshot("aa", "{\"agents\":[]}".repeat(5000).getBytes(StandardCharsets.UTF_8));
        SseFrames.Frame[] sent = {big, SseFrames.HEARTBEAT, SseFrames.snapshot("bb", new byte[0]), big,
            SseFrames.reauthenticate("token-expired", "Open the stream again.")};
        java.util.zip.CRC32 expected = new java.util.zip.CRC32();
        int running = 0;
        for (SseFrames.Frame frame : sent) {
            expected.update(frame.plain().getBytes());
            running = frame.checksum().after(running);
            assertEquals((int) expected.getValue(), running);
        }
    }

    @Test
    void anEndedGzipBodyIsCompleteAndItsLastEventCarriesNoId() throws IOException {
        SseFrames.Frame snapshot = SseFrames.snapshot("aa", "{\"agents\":[]}".getBytes(StandardCharsets.UTF_8));
        SseFrames.Frame last = SseFrames.reauthenticate("token-expired", "Open the stream again.");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(SseFrames.GZIP_HEADER.getBytes());
        int crc = 0;
        long length = 0;
        for (SseFrames.Frame frame : new SseFrames.Frame[] {snapshot, SseFrames.HEARTBEAT, last}) {
            body.writeBytes(frame.gzip().getBytes());
            crc = frame.checksum().after(crc);
            length += frame.checksum().length();
        }
        body.writeBytes(SseFrames.gzipEnd(crc, length).getBytes());

        String text;
        try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(body.toByteArray()))) {
            text = new String(inflated.readAllBytes(), StandardCharsets.UTF_8); // to the end: trailer checked
        }
        assertTrue(text.endsWith("event: reauthenticate\ndata: {\"reason\":\"token-expired\","
                + "\"detail\":\"Open the stream again.\"}\n\n"), text);
        assertFalse(text.substring(text.indexOf("event: reauthenticate")).contains("id:"));
    }
}
