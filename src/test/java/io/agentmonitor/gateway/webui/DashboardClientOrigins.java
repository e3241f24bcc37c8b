package io.agentmonitor.gateway.webui;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lets the dashboard client of the test Keycloak sign users in to a gateway on a dynamic port, the
 * way an operator registers a new wallboard host: the origin's redirect URI, web origin (CORS on the
 * token endpoint) and post-logout redirect, through the admin REST API. The realm file itself names
 * only http://localhost:8080.
 */
final class DashboardClientOrigins {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CLIENT_ID = "agent-monitor-dashboard";

    private DashboardClientOrigins() {
    }

    /** @param realmUrl the gateway's {@code quarkus.oidc.auth-server-url}; @param origin {@code http://localhost:<port>} */
    static void allow(String realmUrl, String origin) {
        String base = realmUrl.substring(0, realmUrl.indexOf("/realms/"));
        String realm = realmUrl.substring(realmUrl.indexOf("/realms/") + "/realms/".length());
        String token = send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + encode(env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")) + "&password="
                        + encode(env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")))), 200)
                .get("access_token").asText();
        String clients = base + "/admin/realms/" + realm + "/clients";
        ObjectNode client = (ObjectNode) send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + CLIENT_ID))
                .header("Authorization", "Bearer " + token).GET(), 200).get(0);
        addOnce((ArrayNode) client.withArray("redirectUris"), origin + "/*");
        addOnce((ArrayNode) client.withArray("webOrigins"), origin);
        ObjectNode attributes = client.with("attributes");
        String logout = attributes.path("post.logout.redirect.uris").asText("");
        if (!logout.contains(origin + "/*")) {
            attributes.put("post.logout.redirect.uris", logout.isEmpty() ? origin + "/*" : logout + "##" + origin + "/*");
        }
        try {
            send(HttpRequest.newBuilder(URI.create(clients + "/" + client.get("id").asText()))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))), 204);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addOnce(ArrayNode values, String value) {
        for (JsonNode existing : values) {
            if (existing.asText().equals(value)) {
                return;
            }
        }
        values.add(value);
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

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
