package io.agentmonitor.gateway.upstream;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A WireMock upstream on a dynamic port that replays recorded odd answers, for behaviour the
 * simulator never shows (an upstream that returns other campaigns' agents, echoes the token...).
 * Inject it with {@link Server}.
 */
public class RecordedUpstream implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "recorded-upstream-token-7c1e";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        return Map.of("quarkus.rest-client.convoso.url", server.baseUrl(),
                "gateway.upstream.auth-token", TOKEN);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Server.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Marks the test field that receives the WireMock server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    /** The profile that routes the gateway to the recorded upstream. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(RecordedUpstream.class));
        }
    }
}
