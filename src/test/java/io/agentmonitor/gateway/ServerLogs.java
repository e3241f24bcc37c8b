package io.agentmonitor.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server's log, for the message of a test that could not start it. */
public final class ServerLogs {

    private ServerLogs() {
    }

    /** The log's path and its last {@code count} lines (a server's log may be in any charset). */
    public static String tail(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return log + " ends with:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
