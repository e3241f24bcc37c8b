package io.agentmonitor.gateway.security;

import java.net.URI;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;

/**
 * Reads the realm's signing-key set every {@code gateway.signing-keys.recheck} and hands it to
 * {@link SigningKeysWatcher}. quarkus-oidc reads it again only when a token names a key it does not
 * know, so a key removed without a new one appearing would otherwise go unnoticed until restart.
 * The key set's address comes from the realm's discovery document, read on each round, so a
 * provider that moves it is followed.
 */
@ApplicationScoped
class SigningKeysPoller {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final SigningKeysWatcher watcher;
    private final Duration interval;
    private final String discovery;
    private WebClient client;
    private long timer = -1;

    SigningKeysPoller(Vertx vertx, SigningKeysWatcher watcher, GatewayConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realm) {
        this.vertx = vertx;
        this.watcher = watcher;
        this.interval = config.signingKeys().recheck();
        this.discovery = (realm.endsWith("/") ? realm : realm + "/") + ".well-known/openid-configuration";
    }

    void start(@Observes StartupEvent started) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) TIMEOUT.toMillis())
                .setFollowRedirects(false).setUserAgent("agent-monitor-gateway"));
        timer = vertx.setPeriodic(interval.toMillis(), ignored -> poll());
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (client != null) {
            client.close();
        }
    }

    private void poll() {
        get(discovery).compose(document -> {
            Object jwksUri = new JsonObject(document).getValue("jwks_uri");
            if (!(jwksUri instanceof String uri)) {
                return Future.failedFuture("the discovery document names no jwks_uri");
            }
            return get(uri);
        }).onSuccess(watcher::observed).onFailure(failure -> Log.warnf(
                "Could not read the identity provider's signing keys again: %s; the last set read stays in force",
                failure.getMessage()));
    }

    private Future<String> get(String url) {
        return client.getAbs(URI.create(url).toString()).timeout(TIMEOUT.toMillis()).send()
                .compose(SigningKeysPoller::body);
    }

    private static Future<String> body(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200 || response.body() == null) {
            return Future.failedFuture("HTTP " + response.statusCode());
        }
        return Future.succeededFuture(response.bodyAsString());
    }
}
