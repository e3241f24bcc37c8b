package io.agentmonitor.gateway.deploy;

import static io.agentmonitor.gateway.deploy.Manifests.BASE;
import static io.agentmonitor.gateway.deploy.Manifests.GATEWAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Kubernetes manifests agree with the application and with each other: probes on the real
 * health paths and port, a locked-down pod, every referenced Secret and ConfigMap key declared,
 * resources set, production redundant and fenced in. Plain file checks; rendering with kubectl
 * is {@link KustomizeRenderTest}.
 */
class KubernetesManifestsTest {

    static Stream<String> overlays() {
        return Manifests.OVERLAYS.stream();
    }

    @Test
    void probesAskTheHealthEndpointsOnTheApplicationPort() {
        Properties app = Manifests.applicationProperties();
        String health = "/" + app.getProperty("quarkus.http.non-application-root-path", "q") + "/"
                + app.getProperty("quarkus.smallrye-health.root-path", "health");
        int port = Integer.parseInt(app.getProperty("quarkus.http.port", "8080"));
        JsonNode gateway = gatewayContainer(Manifests.objects(BASE));

        JsonNode http = gateway.path("ports").get(0);
        assertEquals("http", http.path("name").asText());
        assertEquals(port, http.path("containerPort").asInt());
        assertProbe(gateway, "startupProbe", health + "/started");
        assertProbe(gateway, "readinessProbe", health + "/ready");
        assertProbe(gateway, "livenessProbe", health + "/live");

        List<JsonNode> objects = Manifests.objects(BASE);
        assertEquals("http", Manifests.named(objects, "Service", GATEWAY).path("spec").path("ports").get(0)
                .path("targetPort").asText());
        JsonNode annotations = Manifests.named(objects, "Deployment", GATEWAY).path("spec").path("template")
                .path("metadata").path("annotations");
        assertEquals(String.valueOf(port), annotations.path("prometheus.io/port").asText());
        assertEquals("/" + app.getProperty("quarkus.http.non-application-root-path", "q") + "/metrics",
                annotations.path("prometheus.io/path").asText());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodRunsNonRootOnAReadOnlyFilesystemWithoutCapabilities(String overlay) {
        List<JsonNode> deployments = Manifests.ofKind(Manifests.objects(Manifests.overlay(overlay)), "Deployment");
        assertFalse(deployments.isEmpty());
        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), name + ": runAsNonRoot");
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), name + ": no API token");
            for (JsonNode container : Manifests.containers(deployment)) {
                JsonNode security = container.path("securityContext");
                String where = name + "/" + container.path("name").asText();
                assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), where + ": privilege escalation");
                assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), where + ": read-only root");
                assertEquals(List.of("ALL"), texts(security.path("capabilities").path("drop")), where + ": capabilities");
                String seccomp = security.path("seccompProfile").path("type")
                        .asText(pod.path("securityContext").path("seccompProfile").path("type").asText());
                assertEquals("RuntimeDefault", seccomp, where + ": seccomp");
            }
        }
    }

    @Test
    void gatewayWritesOnlyToAnEmptyDirTmpAndReadsItsConfigWhereQuarkusLooks() {
        JsonNode deployment = Manifests.named(Manifests.objects(BASE), "Deployment", GATEWAY);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        Map<String, String> mounts = new HashMap<>();
        gatewayContainer(List.of(deployment)).path("volumeMounts")
                .forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
        assertTrue(volume(pod, mounts.get("/tmp")).has("emptyDir"), "/tmp is an emptyDir");
        // run-java.sh and the native image both start in /deployments; Quarkus reads ./config/application.properties.
        JsonNode config = volume(pod, mounts.get("/deployments/config")).path("configMap");
        assertEquals("agent-monitor-gateway-config", config.path("name").asText());
        assertTrue(Manifests.text(Manifests.ROOT.resolve("src/main/docker/Dockerfile.jvm"))
                .contains("JAVA_APP_DIR=\"/deployments\""));
        assertTrue(Manifests.text(Manifests.ROOT.resolve("Dockerfile.native")).contains("WORKDIR /deployments"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void mountedScopeMappingHoldsOnlyKnownKeys(String overlay) {
        Map<String, Path> files = new HashMap<>(
                Manifests.generatedFiles(BASE, "agent-monitor-gateway-config"));
        files.putAll(Manifests.generatedFiles(Manifests.overlay(overlay), "agent-monitor-gateway-config"));
        assertEquals(Set.of("application.properties"), files.keySet());
        Properties mapping = Manifests.properties(files.get("application.properties"));
        assertFalse(mapping.isEmpty());
        mapping.stringPropertyNames().forEach(key -> assertTrue(key.startsWith("gateway."), "unknown key " + key));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferencedSecretAndConfigMapKeyIsDeclared(String overlay) {
        Map<String, Set<String>> secrets = Manifests.secretKeys();
        Map<String, Set<String>> configMaps = Manifests.configMapKeys(Manifests.overlay(overlay));
        int references = 0;
        for (JsonNode workload : Manifests.objectsAndPatches(Manifests.overlay(overlay))) {
            for (JsonNode container : Manifests.containers(workload)) {
                for (JsonNode env : container.path("env")) {
                    references += assertDeclared(secrets, env.path("valueFrom").path("secretKeyRef"), env);
                    references += assertDeclared(configMaps, env.path("valueFrom").path("configMapKeyRef"), env);
                }
            }
            workload.path("spec").path("template").path("spec").path("volumes").forEach(v -> {
                if (v.has("configMap")) {
                    assertTrue(configMaps.containsKey(v.path("configMap").path("name").asText()), v.toString());
                }
            });
        }
        assertTrue(references >= 8, "the gateway reads its token, database and endpoints from references");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerRequestsAndLimitsCpuAndMemory(String overlay) {
        for (JsonNode deployment : Manifests.ofKind(Manifests.objects(Manifests.overlay(overlay)), "Deployment")) {
            for (JsonNode container : Manifests.containers(deployment)) {
                JsonNode resources = container.path("resources");
                for (String resource : List.of("cpu", "memory")) {
                    double request = quantity(resources.path("requests").path(resource).asText());
                    double limit = quantity(resources.path("limits").path(resource).asText());
                    assertTrue(request > 0 && limit >= request, container.path("name") + " " + resource);
                }
            }
        }
    }

    @Test
    void productionRunsAtLeastTwoReplicasAndKeepsThemThroughDisruptions() {
        List<JsonNode> objects = Manifests.objects(Manifests.overlay("prod"));
        List<JsonNode> patches = Manifests.patches(Manifests.overlay("prod"));
        assertTrue(patched(objects, patches, "Deployment", "replicas") >= 2, "Deployment replicas");
        assertTrue(patched(objects, patches, "HorizontalPodAutoscaler", "minReplicas") >= 2, "HPA minReplicas");
        JsonNode hpa = Manifests.named(objects, "HorizontalPodAutoscaler", GATEWAY).path("spec");
        assertEquals(GATEWAY, hpa.path("scaleTargetRef").path("name").asText());
        assertEquals("cpu", hpa.path("metrics").get(0).path("resource").path("name").asText());
        JsonNode pdb = Manifests.named(objects, "PodDisruptionBudget", GATEWAY).path("spec");
        assertEquals(GATEWAY, pdb.path("selector").path("matchLabels").path("app.kubernetes.io/name").asText());
    }

    @Test
    void networkPolicyLetsInOnlyTheIngressControllerAndOutOnlyTheDependencies() {
        JsonNode policy = Manifests.named(Manifests.objects(BASE), "NetworkPolicy", GATEWAY).path("spec");
        assertEquals(GATEWAY, policy.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
        assertEquals(List.of("Ingress", "Egress"), texts(policy.path("policyTypes")));
        assertTrue(policy.path("ingress").size() > 0);
        policy.path("ingress").forEach(rule -> assertTrue(rule.path("from").size() > 0, "open ingress " + rule));
        assertTrue(policy.path("ingress").toString().contains("ingress-nginx"));
        List<String> egressPorts = new ArrayList<>();
        policy.path("egress").forEach(rule -> {
            assertTrue(rule.path("to").size() > 0, "open egress " + rule);
            rule.path("ports").forEach(p -> egressPorts.add(p.path("port").asText()));
        });
        assertEquals(Set.of("53", "8080", "8443", "6379", "5432", "443"), Set.copyOf(egressPorts));
    }

    @Test
    void imageNameIsTheArtifactEverywhere() {
        String artifact = Manifests.artifactId();
        String image = gatewayContainer(Manifests.objects(BASE)).path("image").asText();
        assertEquals(artifact, image.split(":")[0]);
        for (String overlay : Manifests.OVERLAYS) {
            // An `images` entry whose name matches nothing is silently ignored by kustomize.
            Manifests.kustomization(Manifests.overlay(overlay)).path("images")
                    .forEach(i -> assertEquals(artifact, i.path("name").asText(), overlay));
        }
        String port = Manifests.applicationProperties().getProperty("quarkus.http.port", "8080");
        for (String dockerfile : List.of("Dockerfile.native", "src/main/docker/Dockerfile.jvm")) {
            String text = Manifests.text(Manifests.ROOT.resolve(dockerfile));
            assertTrue(text.contains("EXPOSE " + port), dockerfile);
            assertTrue(text.contains(artifact + ":"), dockerfile + " documents the image name");
            assertTrue(text.lines().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow()
                    .matches("USER [1-9][0-9]*"), dockerfile + " ends as a numeric non-root user");
        }
    }

    private static int assertDeclared(Map<String, Set<String>> declared, JsonNode ref, JsonNode env) {
        if (ref.isMissingNode()) {
            return 0;
        }
        String name = ref.path("name").asText();
        assertTrue(declared.getOrDefault(name, Set.of()).contains(ref.path("key").asText()),
                env.path("name").asText() + " refers to " + name + "/" + ref.path("key").asText()
                        + ", declared: " + declared);
        return 1;
    }

    private static int patched(List<JsonNode> objects, List<JsonNode> patches, String kind, String field) {
        int value = Manifests.named(objects, kind, GATEWAY).path("spec").path(field).asInt();
        for (JsonNode patch : Manifests.ofKind(patches, kind)) {
            if (GATEWAY.equals(patch.path("metadata").path("name").asText()) && patch.path("spec").has(field)) {
                value = patch.path("spec").path(field).asInt();
            }
        }
        return value;
    }

    private static JsonNode gatewayContainer(List<JsonNode> objects) {
        return Manifests.containers(Manifests.named(objects, "Deployment", GATEWAY)).get(0);
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), probe);
        assertEquals("http", get.path("port").asText(), probe);
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    /** A Kubernetes quantity in base units: cores or bytes. */
    private static double quantity(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        for (Map.Entry<String, Double> suffix : List.of(Map.entry("Ki", 0x1p10), Map.entry("Mi", 0x1p20),
                Map.entry("Gi", 0x1p30), Map.entry("m", 1e-3))) {
            if (text.endsWith(suffix.getKey())) {
                return Double.parseDouble(text.substring(0, text.length() - suffix.getKey().length())) * suffix.getValue();
            }
        }
        return Double.parseDouble(text);
    }
}
