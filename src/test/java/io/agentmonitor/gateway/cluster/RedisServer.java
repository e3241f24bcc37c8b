package io.agentmonitor.gateway.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.agentmonitor.gateway.ServerLogs;

/**
 * A private, throw-away {@code redis-server} on a free port, for tests that stop Redis mid-run
 * without touching the machine's shared one. It can be killed and started again on the same port.
 * {@link #secured} starts it as a managed Redis runs: TLS only (a CA and server certificate made
 * with {@code openssl} at test time), the default user off, and one ACL user confined to a key and
 * channel prefix, as deploy/README.md documents it.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path log;
    private final Tls tls;
    private Process process;

    /** The CA that signed the server's certificate, and the ACL user of the deployment. */
    public record Tls(Path ca, Path cert, Path key, String user, String password, String prefix) {
    }

    public RedisServer(Path log) throws IOException {
        this(log, null);
    }

    private RedisServer(Path log, Tls tls) throws IOException {
        this.port = freePort();
        this.log = log;
        this.tls = tls;
    }

    /** A TLS-only server with an ACL user allowed only keys and channels under {@code prefix}. */
    public static RedisServer secured(Path dir, String user, String password, String prefix)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        Path key = dir.resolve("redis.key");
        Path csr = dir.resolve("redis.csr");
        Path cert = dir.resolve("redis.crt");
        Path ext = Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=agent-monitor test CA",
                "-keyout", caKey.toString(), "-out", ca.toString());
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", key.toString(), "-out",
                csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "1", "-extfile", ext.toString(), "-out", cert.toString());
        return new RedisServer(dir.resolve("redis.log"), new Tls(ca, cert, key, user, password, prefix));
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }

    public int port() {
        return port;
    }

    /** The URL the gateways use: {@code rediss://} for a secured server, whose user and password come apart. */
    public String url() {
        return (tls == null ? "redis://" : "rediss://") + "127.0.0.1:" + port;
    }

    /** The password and TLS settings of a gateway that talks to this server (none for a plain one). */
    public Map<String, String> clientSettings() {
        return tls == null ? Map.of() : Map.of(
                "GATEWAY_REDIS_USERNAME", tls.user(),
                "GATEWAY_REDIS_PASSWORD", tls.password(),
                "QUARKUS_REDIS_TLS_CONFIGURATION_NAME", "redis",
                "QUARKUS_TLS_REDIS_TRUST_STORE_PEM_CERTS", tls.ca().toAbsolutePath().toString(),
                "QUARKUS_TLS_REDIS_HOSTNAME_VERIFICATION_ALGORITHM", "HTTPS");
    }

    /** redis-cli's arguments to reach this server as its user. */
    public List<String> cliArguments() {
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", String.valueOf(port)));
        if (tls != null) {
            args.addAll(List.of("--tls", "--cacert", tls.ca().toString(), "--user", tls.user(), "--pass",
                    tls.password(), "--no-auth-warning"));
        }
        return args;
    }

    public synchronized void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--protected-mode", "no"));
        if (tls == null) {
            command.addAll(List.of("--port", String.valueOf(port)));
        } else {
            // The ACL deploy/README.md gives a deployment: its own keys and channels, no dangerous commands.
            command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port), "--tls-cert-file",
                    tls.cert().toString(), "--tls-key-file", tls.key().toString(), "--tls-ca-cert-file",
                    tls.ca().toString(), "--tls-auth-clients", "optional", "--user", "default", "off", "--user",
                    tls.user(), "on", ">" + tls.password(), "~" + tls.prefix() + "*", "&" + tls.prefix() + "*",
                    "+@all", "-@dangerous", "+info"));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!accepting()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start on port " + port + ": " + ServerLogs.tail(log, 20));
            }
            Thread.sleep(50);
        }
    }

    /** Kills the server at once, as a crash or a network cut would look to its clients. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private boolean accepting() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
