package io.agentmonitor.gateway.webui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.identity.RealKeycloakProfile;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.logging.Log;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The wallboard page in Debian's chromium, driven by Playwright ({@code src/test/browser}), against
 * the real Keycloak and the simulator: sign-in through Keycloak's form, scope, live updates, stale
 * banner, manager logout, hostile names, no console errors. Screenshots land in
 * {@code target/wallboard-screenshots/}. The Node suite drives the simulator through its HTTP
 * control endpoints; its output is this test's failure message.
 */
@QuarkusTest
@TestProfile(RealKeycloakProfile.class)
class WallboardBrowserTest {

    private static final Path SUITE = Path.of("src/test/browser");
    private static final Path SCREENSHOTS = Path.of("target/wallboard-screenshots");
    private static final long TIMEOUT_MINUTES = 7;

    @TestHTTPResource("/")
    URL gateway;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @Inject
    ConvosoSimulator simulator;

    @Test
    void wallboardWorksInARealBrowser() throws IOException, InterruptedException {
        String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
        assertTrue(Files.isExecutable(Path.of(chromium)), chromium + " is missing: install Debian's chromium "
                + "(apt-get install chromium; .ci/run does) or set CHROMIUM_PATH");
        assertTrue(Files.isDirectory(SUITE.resolve("node_modules/playwright-core")),
                "playwright-core is not installed in " + SUITE + " (the build's npm ci step)");
        String origin = "http://localhost:" + gateway.getPort();
        DashboardClientOrigins.allow(realmUrl, origin);
        simulator.reset();

        Files.createDirectories(SCREENSHOTS);
        Path output = SCREENSHOTS.resolve("node-output.txt");
        ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-reporter=spec",
                "--test-concurrency=1", "wallboard.test.mjs"))
                .directory(SUITE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        node.environment().put("GATEWAY_URL", origin);
        node.environment().put("CHROMIUM_PATH", chromium);
        node.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toAbsolutePath().toString());
        node.environment().put("NO_COLOR", "1");
        node.environment().put("REALM_URL", realmUrl);
        Process process = node.start();
        boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String report = Files.readString(output);
        Log.infof("wallboard browser tests (%s):%n%s", output, report);
        assertTrue(finished, "the browser tests did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + report);
        assertEquals(0, process.exitValue(), "the browser tests failed (screenshots in " + SCREENSHOTS + "):\n" + report);
    }
}
