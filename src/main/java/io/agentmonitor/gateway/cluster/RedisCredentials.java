package io.agentmonitor.gateway.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisOptions;

/**
 * Logs in to Redis as the deployment's ACL user: {@code gateway.redis.username} and
 * {@code gateway.redis.password} (from a Secret) go into each endpoint of {@code quarkus.redis.hosts},
 * which is how the Vert.x client sends {@code AUTH <user> <password>}; Quarkus itself has a key for the
 * password only, and alone it logs in as the {@code default} user. An endpoint that already names
 * a user is left as it is.
 */
@ApplicationScoped
public class RedisCredentials implements RedisOptionsCustomizer {

    private final GatewayConfig config;

    RedisCredentials(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public void customize(String clientName, RedisOptions options) {
        String user = config.redis().username().orElse(null);
        if (user == null) {
            return;
        }
        String password = config.redis().password().orElseThrow(() -> new IllegalStateException(
                "gateway.redis.username needs gateway.redis.password (GATEWAY_REDIS_PASSWORD)"));
        String userInfo = encode(user) + ":" + encode(password);
        List<String> endpoints = options.getEndpoints().stream().map(endpoint -> withUser(endpoint, userInfo)).toList();
        options.setEndpoints(endpoints);
    }

    private static String withUser(String endpoint, String userInfo) {
        try {
            URI uri = new URI(endpoint);
            if (uri.getRawUserInfo() != null || uri.getScheme() == null || uri.getRawAuthority() == null) {
                return endpoint;
            }
            return uri.getScheme() + "://" + userInfo + "@" + uri.getRawAuthority()
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("quarkus.redis.hosts holds an endpoint that is not a URI", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
