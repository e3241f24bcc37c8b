package io.agentmonitor.gateway.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.cluster.RedisLink;
import io.quarkus.logging.Log;

/**
 * Writes an export as JSON lines: an {@code export} line (when, by which replica, from which entry),
 * the trail's records, and an {@code end} line with their counts, so that a cut-off download is
 * told from a complete one. A store failure after the first line ends the export with an
 * {@code error} line and no {@code end}.
 */
@ApplicationScoped
public class AuditExportLines {

    public static final String MEDIA_TYPE = "application/x-ndjson";

    private final AuditExport export;
    private final ObjectMapper json;
    private final RedisLink replica;
    private final Clock clock = Clock.systemUTC();

    AuditExportLines(AuditExport export, ObjectMapper json, RedisLink replica) {
        this.export = export;
        this.json = json;
        this.replica = replica;
    }

    Response response(long afterSeq) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StreamingOutput body = output -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 64 * 1024);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("type", "export");
            header.put("format", 1);
            header.put("exported_at", at.toString());
            header.put("replica", replica.replicaId());
            header.put("after_seq", afterSeq);
            line(out, header);
            long[] counts = new long[2];
            try {
                AuditRepository.Extent extent = export.forEach(afterSeq, record -> {
                    counts["entry".equals(record.get("type")) ? 0 : 1]++;
                    line(out, record);
                });
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("type", "end");
                end.put("entries", counts[0]);
                end.put("checkpoints", counts[1]);
                end.put("last_seq", extent.lastSeq());
                line(out, end);
            } catch (AuditStoreException e) {
                Log.warnf("An audit export stopped after %d entries: %s", counts[0], e.getMessage());
                line(out, Map.of("type", "error", "detail", "the audit store could not be read; the export is incomplete"));
            }
            out.flush();
        };
        return Response.ok(body, MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"audit-export-" + at.toString().replace(':', '-')
                        + ".jsonl\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private void line(Writer out, Map<String, Object> record) {
        try {
            out.write(json.writeValueAsString(record));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
