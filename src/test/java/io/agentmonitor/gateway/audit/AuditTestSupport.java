package io.agentmonitor.gateway.audit;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatedAgent;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Personas, agents and calls shared by the audit tests. */
final class AuditTestSupport {

    static final String AUDIT = "/api/v1/audit/logouts";

    private AuditTestSupport() {
    }

    /**
     * An auditor. Built here because {@code TestTokens.auditor()} signs an empty {@code groups}
     * list, which the JWT builder refuses.
     */
    static String auditor() {
        return TestTokens.token("otto", List.of("auditor"), List.of("auditors"));
    }

    /** Manager of campaigns 111 and 112. */
    static String manager111() {
        return TestTokens.manager();
    }

    /** Manager of campaign 222 only. */
    static String manager222() {
        return TestTokens.token("mike", List.of("agent-manager"), List.of("campaign-222"));
    }

    /** Manager of every campaign. */
    static String managerOfAll() {
        return TestTokens.token("eve", List.of("agent-manager"), List.of("everything"));
    }

    /** A manager of 111 and 112 whose username is unique to the calling test. */
    static String freshManager(String username) {
        return TestTokens.token(username, List.of("agent-manager"), List.of("east-managers"));
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The {@code index}-th agent of {@code campaign}, pinned READY so that a logout can succeed. */
    static String readyAgent(ConvosoSimulator simulator, String campaign, int index) {
        List<SimulatedAgent> agents = agentsOf(simulator, campaign);
        String userId = agents.get(index).userId();
        simulator.setStatus(userId, "READY");
        return userId;
    }

    static List<SimulatedAgent> agentsOf(ConvosoSimulator simulator, String campaign) {
        return simulator.agents().stream().filter(a -> campaign.equals(a.campaignId())).toList();
    }

    static ValidatableResponse logout(String token, String userId, String reason) {
        return logout(token, userId, reason, null);
    }

    static ValidatableResponse logout(String token, String userId, String reason, String idempotencyKey) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("User-Agent", "audit-test/1.0")
                .body(Map.of("reason", reason));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post("/api/v1/agents/{user_id}/logout", userId).then();
    }

    /** The newest audit record of {@code userId}. */
    static JsonPath newestRecordOf(String userId) {
        return given().auth().oauth2(auditor())
                .queryParam("agent", userId).queryParam("limit", 1)
                .when().get(AUDIT)
                .then().statusCode(200)
                .extract().jsonPath().setRootPath("items[0]");
    }

    static JsonPath verify() {
        return given().auth().oauth2(auditor())
                .when().get(AUDIT + "/verify")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** The {@code audit.checkpoint} lines the {@code audit} log category carries while {@code action} runs. */
    static List<String> checkpointLines(Runnable action) {
        return auditLines(action).stream().filter(line -> line.contains("\"event\":\"audit.checkpoint\"")).toList();
    }

    /**
     * The {@code audit.checkpoint} lines the {@code audit} log category carries while {@code action}
     * runs, and after it until one of them matches {@code awaited} or {@code atMost} has passed.
     */
    static List<String> checkpointLinesUntil(Runnable action, Predicate<String> awaited, Duration atMost) {
        Predicate<String> checkpoint = line -> line.contains("\"event\":\"audit.checkpoint\"");
        return auditLines(action, lines -> lines.stream().anyMatch(checkpoint.and(awaited)), atMost).stream()
                .filter(checkpoint).toList();
    }

    /** The lines the {@code audit} log category carries while {@code action} runs. */
    static List<String> auditLines(Runnable action) {
        return auditLines(action, lines -> true, Duration.ZERO);
    }

    /** The lines the {@code audit} log category carries while {@code action} runs, then until {@code done} or {@code atMost}. */
    private static List<String> auditLines(Runnable action, Predicate<List<String>> done, Duration atMost) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger category = Logger.getLogger(AuditLog.CATEGORY);
        category.addHandler(capture);
        try {
            action.run();
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!done.test(lines) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            category.removeHandler(capture);
        }
        return lines;
    }

    static void sql(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
