package io.agentmonitor.gateway.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.agentmonitor.gateway.ServerLogs;
import io.agentmonitor.gateway.TestTokens;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Processes of the packaged gateway ({@code target/quarkus-app/quarkus-run.jar}, prod profile) for
 * integration tests: one simulator and any number of gateway replicas in front of it, on free ports,
 * with the audit trail in a schema of their own on the local PostgreSQL and tokens checked against
 * the key {@link TestTokens} signs with (the OIDC test server, no Keycloak). {@link #close()} stops everything it started
 * and drops the schemas, even after a failure.
 */
final class Fleet implements AutoCloseable {

    static final String UPSTREAM_TOKEN = "fleet-upstream-token";
    static final String DB = "jdbc:postgresql://127.0.0.1:5432/test";
    /**
     * Windows of a second minus this stand for a second when counting what the upstream received: a
     * permit and the simulator's clock reading are a network hop and two scheduling delays apart (the
     * gateway sending, the simulator stamping), which on two cores shared by five JVMs and other work
     * reach a hundred milliseconds and more.
     */
    static final long ARRIVAL_JITTER_MS = 150;
    /** The window, as the simulator's log stamps calls, that must hold at most a second's budget. */
    static final long BUDGET_WINDOW_MS = 1_000 - ARRIVAL_JITTER_MS;
    /** The secret the fleet's replicas share for their values in Redis, as a Secret would give it. */
    static final String VALUE_KEY = "fleet-redis-value-key-of-this-test-run";
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** One started process: its port, its log, its process. */
    record Instance(String name, int port, Process process, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Path logs;
    private final List<Instance> started = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();
    private final OidcWiremockTestResource identity = new OidcWiremockTestResource();
    private final String realm;

    Fleet(String name) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("no packaged gateway at " + JAR + ": run the integration tests with verify");
        }
        this.logs = Files.createDirectories(Path.of("target", "fleet", name + "-" + run));
        // The OIDC test server the @QuarkusTests use: it publishes the key TestTokens signs with.
        this.realm = identity.start().get("keycloak.url") + "/realms/quarkus";
    }

    /** The audit schema of the instance named {@code name} (dropped when the fleet closes). */
    String schema(String name) {
        return "amg_it_" + run + "_" + name.replace('-', '_');
    }

    /** The settings that make an instance share the audit trail of the one named {@code name}. */
    Map<String, String> auditOf(String name) {
        return Map.of("AUDIT_DB_URL", DB + "?currentSchema=" + schema(name), "QUARKUS_FLYWAY_SCHEMAS", schema(name));
    }

    /** A key prefix no other run uses, so runs never see each other's keys on a shared Redis. */
    String keyPrefix() {
        return "amg-it-" + run + ":";
    }

    Path logs() {
        return logs;
    }

    /** The simulator: the packaged gateway with its simulator on, used as nothing but the upstream. */
    Instance simulator(Duration latency) throws Exception {
        return start("simulator", Map.of("GATEWAY_SIMULATOR_ENABLED", "true",
                "GATEWAY_SIMULATOR_AUTH_TOKEN", UPSTREAM_TOKEN,
                "GATEWAY_UPSTREAM_AUTH_TOKEN", UPSTREAM_TOKEN,
                "GATEWAY_SIMULATOR_LATENCY", latency.toMillis() + "ms",
                "GATEWAY_SIMULATOR_LATENCY_JITTER", "20ms",
                // The gateways' budget is what the tests measure: the simulator never refuses.
                "GATEWAY_SIMULATOR_RATE_LIMIT", "10000",
                "GATEWAY_REDIS_ENABLED", "false"));
    }

    /** A gateway replica in front of {@code upstream}, sharing the given Redis. */
    Instance gateway(String name, Instance upstream, String redisUrl, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "GATEWAY_SIMULATOR_ENABLED", "false",
                "QUARKUS_REST_CLIENT_CONVOSO_URL", upstream.url() + "/simulator/v1",
                "GATEWAY_UPSTREAM_AUTH_TOKEN", UPSTREAM_TOKEN,
                "QUARKUS_REDIS_HOSTS", redisUrl,
                "GATEWAY_REDIS_KEY_PREFIX", keyPrefix(),
                "GATEWAY_REDIS_VALUE_KEY", VALUE_KEY,
                "GATEWAY_REDIS_REPLICA_ID", name));
        env.putAll(settings);
        return start(name, env);
    }

    private Instance start(String name, Map<String, String> settings) throws Exception {
        int port = RedisServer.freePort();
        String schema = schema(name);
        schemas.add(schema);
        // A replica started again under its name (and schema) keeps its first life's log.
        Path log = logs.resolve(name + ".log");
        for (int life = 2; Files.exists(log); life++) {
            log = logs.resolve(name + "-" + life + ".log");
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx192m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1", "-jar",
                JAR.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("OIDC_AUTH_SERVER_URL", realm);
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", TestTokens.ISSUER);
        env.put("AUDIT_DB_URL", DB + "?currentSchema=" + schema);
        env.put("AUDIT_DB_USER", "postgres");
        env.put("QUARKUS_FLYWAY_SCHEMAS", schema);
        // One checkpoint key for the whole fleet, outside the database, as a Secret would give it.
        env.put("GATEWAY_AUDIT_CHECKPOINTS_KEY_FILE", logs.resolve("audit-checkpoint-key.pem").toAbsolutePath().toString());
        env.putAll(settings);
        Instance instance = new Instance(name, port, builder.start(), log);
        started.add(instance);
        return instance;
    }

    /** The log lines of every instance that contain {@code text}, for failure messages. */
    String mentions(String text) {
        StringBuilder found = new StringBuilder();
        for (Instance instance : started) {
            try (var lines = Files.lines(instance.log())) {
                lines.filter(line -> line.contains(text)).forEach(line -> found.append("\n").append(instance.name())
                        .append(": ").append(line));
            } catch (IOException e) {
                found.append("\n").append(instance.name()).append(": log unreadable");
            }
        }
        return found.toString();
    }

    /** Waits until every instance answers its liveness probe. */
    void awaitUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Instance instance : started) {
            awaitUp(instance, deadline, timeout);
        }
    }

    /** Waits for one instance only (others may have been killed on purpose). */
    void awaitUp(Instance instance, Duration timeout) throws Exception {
        awaitUp(instance, System.nanoTime() + timeout.toNanos(), timeout);
    }

    private static void awaitUp(Instance instance, long deadline, Duration timeout) throws Exception {
        while (status(instance.url() + "/q/health/live") != 200) {
            if (!instance.process().isAlive()) {
                throw new IllegalStateException(instance.name() + " exited: " + ServerLogs.tail(instance.log(), 20));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(instance.name() + " not up in " + timeout + ": "
                        + ServerLogs.tail(instance.log(), 20));
            }
            Thread.sleep(200);
        }
    }

    /** Kills an instance at once, as a crashed pod. */
    static void kill(Instance instance) throws InterruptedException {
        instance.process().destroyForcibly();
        instance.process().waitFor(10, TimeUnit.SECONDS);
    }

    static int status(String url) {
        return status(url, null);
    }

    /** The status of a GET, with a bearer token when one is given; -1 when nothing answers. */
    static int status(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static void send(String method, String url) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** A command on a Redis through redis-cli, for what the replicas themselves never do. */
    static String redisCli(int port, String... command) throws IOException, InterruptedException {
        return redisCli(List.of("-h", "127.0.0.1", "-p", String.valueOf(port)), command);
    }

    /** The same with redis-cli's connection arguments given ({@link RedisServer#cliArguments}). */
    static String redisCli(List<String> connection, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("redis-cli"));
        line.addAll(connection);
        line.addAll(List.of(command));
        Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        cli.waitFor(5, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() {
        started.forEach(instance -> instance.process().destroy());
        for (Instance instance : started) {
            try {
                if (!instance.process().waitFor(10, TimeUnit.SECONDS)) {
                    instance.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                instance.process().destroyForcibly();
            }
        }
        identity.stop();
        try (Connection db = DriverManager.getConnection(DB, "postgres", ""); Statement sql = db.createStatement()) {
            for (String schema : schemas) {
                sql.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (Exception e) {
            System.err.println("could not drop the test schemas: " + e);
        }
    }

    /** Polls {@code condition} every 100 ms until it holds (true) or {@code timeout} passes (false). */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return false;
    }
}
