package io.agentmonitor.gateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * What another replica of the same deployment writes to Redis, signed with the deployment's key as
 * {@link SharedSnapshots} signs it: for tests that play the other replicas.
 */
final class OtherReplica {

    static final String PREFIX = "amg-test:";
    static final String NAME = "other-replica";

    private final RedisDataSource redis;
    private final SignedValues signed;
    private final ObjectMapper json;

    OtherReplica(RedisDataSource redis, SignedValues signed, ObjectMapper json) {
        this.redis = redis;
        this.signed = signed;
        this.json = json;
    }

    /** The stored form of an answer of {@code view}, signed with {@code by} (this deployment's key or another's). */
    static String value(SignedValues by, String view, String flags, long fetchedAt, String body) {
        String payload = fetchedAt + "|" + flags + "|" + body;
        return SignedValues.VERSION + "|" + fetchedAt + "|" + flags + "|"
                + by.sign(PREFIX + "snapshot:" + view, payload) + "|" + body;
    }

    /** Stores an answer of {@code view}, and announces it when asked to. */
    void share(String view, AgentMonitorSnapshot data, long fetchedAt, boolean announce) throws JsonProcessingException {
        redis.execute("SET", PREFIX + "snapshot:" + view, value(signed, view, "0", fetchedAt, json.writeValueAsString(data)),
                "PX", "4000");
        if (announce) {
            publish("changes", NAME + " " + view);
        }
    }

    /** Publishes a signed notice on {@code channel} ({@code changes}, {@code logouts}). */
    void publish(String channel, String says) {
        String name = PREFIX + channel;
        redis.execute("PUBLISH", name, SignedValues.VERSION + " " + signed.sign(name, says) + " " + says);
    }
}
