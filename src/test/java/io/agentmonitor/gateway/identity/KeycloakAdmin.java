package io.agentmonitor.gateway.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Talks to the test Keycloak the way an operator would: tokens from the token endpoint (password
 * grant on the dashboard client, which {@code keycloak.sh} enables for demo runs only) and changes
 * through the admin REST API as the master realm's bootstrap admin.
 */
final class KeycloakAdmin {

    static final String TOKEN_CLIENT = "agent-monitor-dashboard";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    /** @param realmUrl the gateway's {@code quarkus.oidc.auth-server-url} */
    KeycloakAdmin(String realmUrl) {
        this.baseUrl = realmUrl.substring(0, realmUrl.indexOf("/realms/"));
    }

    String realmUrl(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    /** An access token of a demo user ({@code <user>-demo} password). */
    String token(String username) {
        return token(KeycloakProcess.REALM, TOKEN_CLIENT, username, username + "-demo");
    }

    String token(String realm, String clientId, String username, String password) {
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(realmUrl(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "password", "client_id", clientId, "username", username,
                        "password", password))),
                200);
        return answer.get("access_token").asText();
    }

    /** Creates a user of the agent-monitor realm with realm roles, groups and a password. */
    void createUser(String username, String password, List<String> realmRoles, List<String> groups) {
        Map<String, Object> user = Map.of("username", username, "enabled", true,
                "email", username + "@agent-monitor.example", "emailVerified", true,
                "firstName", "Test", "lastName", username,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)),
                "realmRoles", realmRoles,
                "groups", groups.stream().map(g -> "/" + g).toList());
        admin("POST", "/admin/realms/" + KeycloakProcess.REALM + "/partialImport",
                Map.of("ifResourceExists", "FAIL", "users", List.of(user)), 200);
    }

    void removeRealmRole(String username, String role) {
        String realm = "/admin/realms/" + KeycloakProcess.REALM;
        String userId = admin("GET", realm + "/users?exact=true&username=" + encode(username), null, 200)
                .get(0).get("id").asText();
        JsonNode roleRepresentation = admin("GET", realm + "/roles/" + encode(role), null, 200);
        admin("DELETE", realm + "/users/" + userId + "/role-mappings/realm", List.of(roleRepresentation), 204);
    }

    /** A public client with the password grant and no audience mapper: its tokens do not name the gateway. */
    void createClientWithoutAudience(String clientId) {
        admin("POST", "/admin/realms/" + KeycloakProcess.REALM + "/clients", Map.of("clientId", clientId,
                "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false), 201);
    }

    /**
     * A second realm with a dashboard client that does name the gateway as audience and a user who
     * holds every gateway role: everything right except who issued it.
     */
    void createRealm(String realm, String username, String password) {
        Map<String, Object> audience = Map.of("name", "audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", "agent-monitor-gateway", "access.token.claim", "true"));
        admin("POST", "/admin/realms", Map.of("realm", realm, "enabled", true,
                "roles", Map.of("realm", List.of(Map.of("name", "monitor-viewer"), Map.of("name", "monitor-admin"))),
                "clients", List.of(Map.of("clientId", "agent-monitor-gateway", "publicClient", false,
                        "standardFlowEnabled", false),
                        Map.of("clientId", TOKEN_CLIENT, "publicClient", true, "directAccessGrantsEnabled", true,
                                "protocolMappers", List.of(audience))),
                "users", List.of(Map.of("username", username, "enabled", true, "email", username + "@evil.example",
                        "emailVerified", true, "firstName", "Eve", "lastName", "Other",
                        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)),
                        "realmRoles", List.of("monitor-viewer", "monitor-admin")))),
                201);
    }

    /**
     * Rotates the realm's RSA signing key the way Keycloak operators do: a new generated key with a
     * higher priority becomes active, then the old key provider is deleted, so the old key leaves
     * the JWKS.
     *
     * @return the key ID of the new signing key
     */
    String rotateSigningKey() {
        removeKeyProviders(addSigningKey());
        return activeRs256KeyId();
    }

    /**
     * The first stage of a staged rotation: a new generated RSA key with a higher priority becomes
     * the active one; the old keys stay published, so tokens they signed still verify.
     *
     * @return the ids of the key providers it supersedes, for {@link #removeKeyProviders}
     */
    List<String> addSigningKey() {
        String realm = "/admin/realms/" + KeycloakProcess.REALM;
        String realmId = admin("GET", realm, null, 200).get("id").asText();
        List<JsonNode> oldProviders = iterate(admin("GET",
                realm + "/components?type=org.keycloak.keys.KeyProvider", null, 200)).stream()
                .filter(c -> c.get("providerId").asText().equals("rsa-generated")).toList();
        int priority = oldProviders.stream().mapToInt(c -> c.at("/config/priority/0").asInt(0)).max().orElse(0) + 100;
        admin("POST", realm + "/components", Map.of("name", "rsa-rotated-" + System.nanoTime(),
                "providerId", "rsa-generated", "providerType", "org.keycloak.keys.KeyProvider", "parentId", realmId,
                "config", Map.of("priority", List.of(Integer.toString(priority)), "keySize", List.of("2048"),
                        "active", List.of("true"), "enabled", List.of("true"))),
                201);
        return oldProviders.stream().map(c -> c.get("id").asText()).toList();
    }

    /** Deletes key providers, so their keys leave the realm's JWKS. */
    void removeKeyProviders(List<String> providerIds) {
        for (String id : providerIds) {
            admin("DELETE", "/admin/realms/" + KeycloakProcess.REALM + "/components/" + id, null, 204);
        }
    }

    /**
     * A public client like the dashboard's (the gateway as audience, the groups claim) with the
     * password grant and access tokens that live {@code seconds}.
     */
    void createShortLivedClient(String clientId, int seconds) {
        Map<String, Object> audience = Map.of("name", "audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", "agent-monitor-gateway", "access.token.claim", "true"));
        Map<String, Object> groups = Map.of("name", "groups", "protocol", "openid-connect",
                "protocolMapper", "oidc-group-membership-mapper",
                "config", Map.of("claim.name", "groups", "full.path", "false", "access.token.claim", "true"));
        admin("POST", "/admin/realms/" + KeycloakProcess.REALM + "/clients", Map.of("clientId", clientId,
                "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("access.token.lifespan", Integer.toString(seconds)),
                "protocolMappers", List.of(audience, groups)), 201);
    }

    String activeRs256KeyId() {
        JsonNode keys = admin("GET", "/admin/realms/" + KeycloakProcess.REALM + "/keys", null, 200);
        return keys.at("/active/RS256").asText();
    }

    /** The realm's published signing keys (JWKS), as the gateway reads them. */
    JsonNode jwks() {
        return send(HttpRequest.newBuilder(URI.create(realmUrl(KeycloakProcess.REALM) + "/protocol/openid-connect/certs"))
                .GET(), 200);
    }

    private String adminToken() {
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(realmUrl("master") + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin"),
                        "password", env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")))),
                200);
        return answer.get("access_token").asText();
    }

    private JsonNode admin(String method, String path, Object body, int expectedStatus) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + adminToken())
                    .header("Content-Type", "application/json")
                    .method(method, publisher), expectedStatus);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode send(HttpRequest.Builder request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                        + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
    }

    /** The bootstrap admin that keycloak.sh gives the Keycloak it starts (same variables, same defaults). */
    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
