package io.agentmonitor.gateway.identity;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.agentmonitor.gateway.ServerLogs;

/**
 * One throwaway Keycloak per test JVM, started through {@code deploy/local/keycloak.sh} with
 * {@code KEYCLOAK_EPHEMERAL=true}: the same distribution, realm file and demo users as the run
 * command, on a free port, with an in-memory database. Stopped by a shutdown hook when the test JVM
 * ends.
 *
 * <p>The realm URL is kept in a system property rather than a static field because Quarkus may load
 * this class in more than one class loader (one per test application); a second copy must find the
 * running Keycloak instead of starting another.
 */
final class KeycloakProcess {

    static final String REALM = "agent-monitor";
    private static final String REALM_URL_PROPERTY = "agent-monitor.test.keycloak.realm-url";
    /** First run on a clean machine downloads the distribution through Maven before starting it. */
    private static final long START_TIMEOUT_MINUTES = 10;

    private KeycloakProcess() {
    }

    /** The realm URL of the shared Keycloak, started on first use. */
    static String realmUrl() {
        synchronized (System.getProperties()) {
            String running = System.getProperty(REALM_URL_PROPERTY);
            if (running != null) {
                return running;
            }
            String realmUrl = start();
            System.setProperty(REALM_URL_PROPERTY, realmUrl);
            return realmUrl;
        }
    }

    private static String start() {
        Path root = projectRoot();
        int port = freePort();
        Path target = root.resolve("target");
        Map<String, String> env = Map.of(
                "KEYCLOAK_PORT", Integer.toString(port),
                "KEYCLOAK_EPHEMERAL", "true",
                "KEYCLOAK_LOG", target.resolve("keycloak-test-" + port + ".log").toString(),
                "KEYCLOAK_PID_FILE", target.resolve("keycloak-test-" + port + ".pid").toString());
        Path output = target.resolve("keycloak-test-" + port + ".out");
        int exit = script(root, env, output, "start", START_TIMEOUT_MINUTES);
        if (exit != 0) {
            throw new IllegalStateException("deploy/local/keycloak.sh start failed (exit " + exit + "):\n"
                    + ServerLogs.tail(output, 30) + "\n" + ServerLogs.tail(Path.of(env.get("KEYCLOAK_LOG")), 30));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> script(root, env, output, "stop", 1), "keycloak-stop"));
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    private static int script(Path root, Map<String, String> env, Path output, String command, long timeoutMinutes) {
        ProcessBuilder builder = new ProcessBuilder("bash", "deploy/local/keycloak.sh", command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                // A file, not a pipe: Keycloak runs on in the background after the script exits.
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(output.getParent());
            Process process = builder.start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run deploy/local/keycloak.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/keycloak.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("deploy/local/keycloak.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
