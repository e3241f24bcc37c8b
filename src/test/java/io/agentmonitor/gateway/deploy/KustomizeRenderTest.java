package io.agentmonitor.gateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Each overlay, and the Keycloak realm's kustomization, renders with {@code kubectl kustomize}
 * (kustomize's own load restrictions, so no file outside a kustomization's root), and in the
 * rendered output every ConfigMap a pod names, under its generated hashed name, exists with the
 * keys the pod reads. Skipped where kubectl is not installed.
 */
class KustomizeRenderTest {

    static Stream<Path> kustomizations() {
        return Stream.concat(Manifests.OVERLAYS.stream().map(Manifests::overlay), Stream.of(Manifests.KEYCLOAK));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersWithKubectlAndResolvesEveryConfigMap(Path dir) throws IOException, InterruptedException {
        assumeTrue(kubectlOnPath(), "kubectl is not on PATH: install Debian's kubernetes-client to render "
                + Manifests.ROOT.relativize(dir));
        Path output = Files.createTempFile("kustomize", ".yaml");
        try {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", Manifests.ROOT.relativize(dir).toString())
                    .directory(Manifests.ROOT.toFile()).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            String errors = new String(kubectl.getErrorStream().readAllBytes());
            assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
            assertEquals(0, kubectl.exitValue(), errors);

            List<JsonNode> rendered = Manifests.read(output);
            Map<String, Set<String>> configMaps = new HashMap<>();
            Manifests.ofKind(rendered, "ConfigMap").forEach(map -> {
                Set<String> keys = new TreeSet<>();
                map.path("data").fieldNames().forEachRemaining(keys::add);
                configMaps.put(map.path("metadata").path("name").asText(), keys);
            });
            assertTrue(!configMaps.isEmpty(), "renders its ConfigMaps");
            for (JsonNode deployment : Manifests.ofKind(rendered, "Deployment")) {
                for (JsonNode container : Manifests.containers(deployment)) {
                    for (JsonNode env : container.path("env")) {
                        JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                        if (!ref.isMissingNode()) {
                            assertTrue(configMaps.getOrDefault(ref.path("name").asText(), Set.of())
                                    .contains(ref.path("key").asText()), env.toString());
                        }
                    }
                }
                deployment.path("spec").path("template").path("spec").path("volumes").forEach(v -> {
                    if (v.has("configMap")) {
                        assertTrue(configMaps.containsKey(v.path("configMap").path("name").asText()), v.toString());
                    }
                });
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean kubectlOnPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }
}
