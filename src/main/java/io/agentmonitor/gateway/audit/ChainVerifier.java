package io.agentmonitor.gateway.audit;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Verifies the trail in the store with the same verifier an auditor runs offline on an export
 * ({@link AuditExportVerifier}): every entry's hash and link, every checkpoint's signature and place,
 * that the chain still reaches what each checkpoint names, that none is missing by time, and, when
 * given, that it still reaches a checkpoint taken from the log.
 */
@ApplicationScoped
public class ChainVerifier {

    private final AuditExport export;
    private final CheckpointKeys keys;
    private final Clock clock = Clock.systemUTC();

    ChainVerifier(AuditExport export, CheckpointKeys keys) {
        this.export = export;
        this.keys = keys;
    }

    public ChainReport verify(Map<String, Object> expectedHead) {
        AuditExportVerifier verifier = new AuditExportVerifier(keys.trusted(), expectedHead);
        export.forEach(0, verifier::accept);
        return ChainReport.of(verifier.finish(clock.instant()));
    }
}
