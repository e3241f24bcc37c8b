package io.agentmonitor.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The single-file program {@link AuditExportVerifier}, run by the JDK alone from its source, as an auditor runs it. */
public final class OfflineVerifier {

    private static final Path SOURCE = Path.of("src/main/java/io/agentmonitor/gateway/audit/AuditExportVerifier.java");

    /** Its exit status and what it printed. */
    public record Run(int exit, String output) {
    }

    private OfflineVerifier() {
    }

    public static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                SOURCE.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the verifier did not end by itself: " + output);
        }
        return new Run(process.exitValue(), output);
    }
}
