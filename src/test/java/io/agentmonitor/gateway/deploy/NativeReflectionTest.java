package io.agentmonitor.gateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.audit.AuditEntry;
import io.agentmonitor.gateway.config.NativeReflection;
import io.agentmonitor.gateway.monitor.ScopedSnapshot;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every class of the gateway that crosses JSON is registered for reflection in
 * {@link NativeReflection}: what REST methods and exception mappers take and answer, the SSE
 * payload, the audit log line and the snapshots shared in Redis, and, through record components and type arguments, everything
 * those hold. A class missing there would fail only in the native executable.
 */
class NativeReflectionTest {

    private static final String ROOT_PACKAGE = "io.agentmonitor.gateway.";
    /** Written as JSON without being a REST method's declared type. */
    private static final Set<Class<?>> SERIALIZED_ELSEWHERE = Set.of(ScopedSnapshot.class, AuditEntry.class,
            AgentMonitorSnapshot.class);

    @Test
    void everyJsonPayloadClassIsRegisteredForReflection() throws Exception {
        Set<String> payloads = new TreeSet<>();
        SERIALIZED_ELSEWHERE.forEach(type -> collect(type, payloads));
        for (Class<?> type : gatewayClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                boolean endpoint = type.isAnnotationPresent(jakarta.ws.rs.Path.class) && Arrays.stream(method.getAnnotations())
                        .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
                if (endpoint || method.isAnnotationPresent(ServerExceptionMapper.class)) {
                    collect(method.getGenericReturnType(), payloads);
                    Arrays.stream(method.getParameters()).filter(NativeReflectionTest::isBody)
                            .forEach(p -> collect(p.getParameterizedType(), payloads));
                }
            }
        }
        Set<String> registered = new TreeSet<>();
        Arrays.stream(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets())
                .forEach(type -> registered.add(type.getName()));

        assertTrue(payloads.size() > 10, "found the payload classes: " + payloads);
        payloads.removeAll(registered);
        assertEquals(Set.of(), payloads, "JSON classes missing from NativeReflection");
    }

    /** The type and, through type arguments, array elements and record components, what it holds. */
    private static void collect(Type type, Set<String> found) {
        if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), found);
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(arg -> collect(arg, found));
        } else if (type instanceof Class<?> cls) {
            if (cls.isArray()) {
                collect(cls.getComponentType(), found);
            } else if (cls.getName().startsWith(ROOT_PACKAGE) && !Throwable.class.isAssignableFrom(cls)
                    && found.add(cls.getName()) && cls.isRecord()) {
                Arrays.stream(cls.getRecordComponents()).map(RecordComponent::getGenericType)
                        .forEach(component -> collect(component, found));
            }
        }
    }

    /** A parameter without annotations, or with only validation ones, is the request body. */
    private static boolean isBody(Parameter parameter) {
        return Arrays.stream(parameter.getAnnotations())
                .allMatch(a -> a.annotationType().getPackageName().startsWith("jakarta.validation"));
    }

    private static Set<Class<?>> gatewayClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(
                NativeReflection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Class<?>> found = new HashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                if (name.startsWith(ROOT_PACKAGE) && !name.endsWith("package-info")) {
                    found.add(Class.forName(name, false, NativeReflectionTest.class.getClassLoader()));
                }
            }
        }
        return found;
    }
}
