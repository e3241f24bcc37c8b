package io.agentmonitor.gateway.webui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/** The page as the gateway serves it: built into the jar, its policy headers, its runtime configuration. */
@QuarkusTest
class WallboardPageTest {

    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");

    /** The test realm of quarkus-test-oidc-server, on its dynamic port. */
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @Test
    void pageIsServedAtTheRootAndNeverCached() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", equalTo("no-cache"))
                .body(containsString("<title>Agent Monitor wallboard</title>"));
    }

    @Test
    void pagePolicyAllowsScriptsFromTheGatewayAndConnectionsToKeycloakOnly() {
        given().when().get("/")
                .then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("connect-src 'self' " + origin(realmUrl) + ";"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void hashedAssetsAreCachedForAYear() {
        String html = given().when().get("/").then().statusCode(200).extract().asString();
        Matcher script = SCRIPT.matcher(html);
        assertTrue(script.find(), "no hashed script in index.html:\n" + html);
        given().when().get(script.group(1))
                .then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=31536000, immutable"))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
    }

    @Test
    void configurationNamesTheRealmAndThePublicClient() {
        given().when().get("/config.json")
                .then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .body("keycloak_url", equalTo(realmUrl.substring(0, realmUrl.indexOf("/realms/"))))
                .body("realm", equalTo("quarkus"))
                .body("client_id", equalTo("agent-monitor-dashboard"))
                .body("freshness_seconds", equalTo(1))
                .body("heartbeat_seconds", equalTo(2));
    }

    @Test
    void apiAnswersKeepTheirOwnPolicy() {
        given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/me")
                .then().statusCode(200)
                .header("Content-Security-Policy", equalTo("frame-ancestors 'none'"));
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
