package io.agentmonitor.gateway.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A private Redis for one test class on a dynamic port, with the shared tier switched on: the
 * gateway under test is one replica, and the test plays the others by writing to Redis directly.
 * The test gets the {@link RedisServer} injected to stop and restart it.
 */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {

    private RedisServer server;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "redis"));
            server = new RedisServer(dir.resolve("private-redis-" + UUID.randomUUID() + ".log"));
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start redis-server (is it installed?)", e);
        }
        return Map.of("quarkus.redis.hosts", server.url(),
                "gateway.redis.enabled", "true",
                "gateway.redis.key-prefix", "amg-test:",
                "gateway.redis.replica-id", "replica-under-test",
                "gateway.redis.probe-interval", "200ms",
                "gateway.redis.expected-replicas", "2");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(RedisServer.class));
    }

    @Override
    public void stop() {
        try {
            server.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
