package io.agentmonitor.gateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The TypeScript client that web and mobile apps generate from the committed contract
 * ({@code openapi-typescript} types with {@code openapi-fetch}): {@code npm test} in
 * {@code src/test/typescript} generates it, type-checks it with {@code tsc --strict} and runs its
 * calls, the SSE stream included, against this running gateway with Node's test runner. The
 * Maven build ran {@code npm ci} there before the tests.
 */
@QuarkusTest
class GeneratedTypeScriptClientTest {

    private static final Path PROJECT = Path.of("src", "test", "typescript");

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    ConvosoSimulator simulator;

    @Test
    void typeScriptClientPassesItsCallsAgainstTheGateway() throws IOException, InterruptedException {
        simulator.reset();
        ProcessBuilder npm = new ProcessBuilder("npm", "test").directory(PROJECT.toFile()).redirectErrorStream(true);
        npm.environment().putAll(Map.of(
                "GATEWAY_URL", gateway.toString().replaceAll("/$", ""),
                "TOKEN", ContractPersonas.supervisor(),
                "MANAGER_TOKEN", ContractPersonas.manager(),
                "AUDITOR_TOKEN", ContractPersonas.auditor()));
        Process process = npm.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        System.out.println(output);
        assertEquals(0, process.exitValue(), "npm test in " + PROJECT + " failed:\n" + output);
    }
}
