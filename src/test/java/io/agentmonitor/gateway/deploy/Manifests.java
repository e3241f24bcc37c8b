package io.agentmonitor.gateway.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads the hand-kept manifests under {@code deploy/} the way kustomize composes them, without
 * kustomize: the objects of a kustomization and its bases, its patches, and the keys of the
 * ConfigMaps its generators make. Paths are relative to the project root (Maven's working directory).
 */
final class Manifests {

    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final Path BASE = KUBERNETES.resolve("base");
    static final Path SECRETS_TEMPLATE = KUBERNETES.resolve("secrets.template.yaml");
    static final Path KEYCLOAK = ROOT.resolve("deploy/keycloak");
    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final String GATEWAY = "agent-monitor-gateway";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    static Path overlay(String name) {
        return KUBERNETES.resolve("overlays").resolve(name);
    }

    /** Every YAML document of a file, empty ones left out. */
    static List<JsonNode> read(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return docs.readAll().stream().filter(doc -> doc != null && doc.isObject()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode kustomization(Path dir) {
        return read(dir.resolve("kustomization.yaml")).get(0);
    }

    /** The objects a kustomization lists, with those of its bases, before patches. */
    static List<JsonNode> objects(Path dir) {
        List<JsonNode> objects = new ArrayList<>();
        for (Path entry : entries(dir, "bases", "resources")) {
            objects.addAll(Files.isDirectory(entry) ? objects(entry) : read(entry));
        }
        return objects;
    }

    /** The strategic-merge patches of a kustomization and of its bases. */
    static List<JsonNode> patches(Path dir) {
        List<JsonNode> patches = new ArrayList<>();
        for (Path entry : entries(dir, "bases", "resources")) {
            if (Files.isDirectory(entry)) {
                patches.addAll(patches(entry));
            }
        }
        entries(dir, "patchesStrategicMerge").forEach(patch -> patches.addAll(read(patch)));
        kustomization(dir).path("patches").forEach(p -> patches.addAll(read(dir.resolve(p.path("path").asText()))));
        return patches;
    }

    /** Objects and patches together: every place a container, env var or volume can be declared. */
    static List<JsonNode> objectsAndPatches(Path dir) {
        return Stream.concat(objects(dir).stream(), patches(dir).stream()).toList();
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> containers = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
        return containers;
    }

    /** ConfigMap name -> keys, as the generators of a kustomization and its bases leave them. */
    static Map<String, Set<String>> configMapKeys(Path dir) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (Path entry : entries(dir, "bases", "resources")) {
            if (Files.isDirectory(entry)) {
                keys.putAll(configMapKeys(entry));
            } else {
                ofKind(read(entry), "ConfigMap").forEach(map -> keys.put(map.path("metadata").path("name").asText(),
                        fieldNames(map.path("data"))));
            }
        }
        for (JsonNode generator : kustomization(dir).path("configMapGenerator")) {
            Set<String> own = new TreeSet<>();
            generator.path("literals").forEach(l -> own.add(l.asText().split("=", 2)[0]));
            generator.path("files").forEach(f -> own.add(fileKey(f.asText())));
            for (String envField : List.of("envs", "env")) {
                JsonNode envs = generator.path(envField);
                (envs.isArray() ? envs : List.of(envs)).forEach(e -> {
                    if (!e.isMissingNode()) {
                        own.addAll(properties(dir.resolve(e.asText())).stringPropertyNames());
                    }
                });
            }
            String name = generator.path("name").asText();
            if ("merge".equals(generator.path("behavior").asText())) {
                keys.computeIfAbsent(name, n -> new TreeSet<>()).addAll(own);
            } else {
                keys.put(name, own);
            }
        }
        return keys;
    }

    /** The files a kustomization's generators read, with the key each lands under. */
    static Map<String, Path> generatedFiles(Path dir, String configMap) {
        Map<String, Path> files = new HashMap<>();
        for (JsonNode generator : kustomization(dir).path("configMapGenerator")) {
            if (configMap.equals(generator.path("name").asText())) {
                generator.path("files").forEach(f -> {
                    String[] parts = f.asText().split("=", 2);
                    files.put(fileKey(f.asText()), dir.resolve(parts[parts.length - 1]));
                });
            }
        }
        return files;
    }

    /** Secret name -> keys of {@code secrets.template.yaml}. */
    static Map<String, Set<String>> secretKeys() {
        Map<String, Set<String>> keys = new HashMap<>();
        for (JsonNode secret : ofKind(read(SECRETS_TEMPLATE), "Secret")) {
            Set<String> own = fieldNames(secret.path("stringData"));
            own.addAll(fieldNames(secret.path("data")));
            keys.put(secret.path("metadata").path("name").asText(), own);
        }
        return keys;
    }

    static Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return properties;
    }

    static Properties applicationProperties() {
        return properties(ROOT.resolve("src/main/resources/application.properties"));
    }

    /** The project's artifactId: the first one in pom.xml, which has no parent. */
    static String artifactId() {
        Matcher matcher = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(text(ROOT.resolve("pom.xml")));
        if (!matcher.find()) {
            throw new AssertionError("pom.xml names no artifactId");
        }
        return matcher.group(1);
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> entries(Path dir, String... fields) {
        JsonNode kustomization = kustomization(dir);
        List<Path> entries = new ArrayList<>();
        for (String field : fields) {
            kustomization.path(field).forEach(e -> entries.add(dir.resolve(e.asText()).normalize()));
        }
        return entries;
    }

    private static String fileKey(String entry) {
        String[] parts = entry.split("=", 2);
        return parts.length == 2 ? parts[0] : Path.of(parts[0]).getFileName().toString();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
