package io.agentmonitor.gateway.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The contract's examples ({@code openapi/examples/*.json}, referenced by {@code externalValue}) are
 * real answers of the gateway over the simulator. With {@code -Dcontract.update=true} they are
 * captured afresh; otherwise each committed example must have the fields the live answer has.
 */
@QuarkusTest
class ContractExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void snapshotExampleIsWhatASupervisorSees() {
        check("agent-monitor-snapshot.json", given().auth().oauth2(ContractPersonas.supervisor())
                .queryParam("campaign_id", "111")
                .when().get("/api/v1/agent-monitor")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void thresholdsExampleIsTheDefaults() {
        check("thresholds.json", given().auth().oauth2(ContractPersonas.supervisor())
                .when().get("/api/v1/thresholds")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void meExampleIsWhatAManagerSees() {
        check("me.json", given().auth().oauth2(ContractPersonas.manager())
                .when().get("/api/v1/me")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void logoutAndAuditExamplesAreOneRealLogout() {
        String agent = ContractPersonas.readyAgent(simulator, "111");
        String logout = given().auth().oauth2(ContractPersonas.manager()).contentType(ContentType.JSON)
                .header("X-Request-Id", "wallboard-7f3a")
                .body(Map.of("reason", "End of shift"))
                .when().post("/api/v1/agents/{user_id}/logout", agent)
                .then().statusCode(200).extract().asString();
        check("logout.json", logout);
        // A second logout, so that the one-record page of the example has a next page to point at.
        given().auth().oauth2(ContractPersonas.manager()).contentType(ContentType.JSON)
                .body(Map.of("reason", "Shift change"))
                .when().post("/api/v1/agents/{user_id}/logout", ContractPersonas.readyAgent(simulator, "112"))
                .then().statusCode(200);
        check("audit-logouts.json", given().auth().oauth2(ContractPersonas.auditor())
                .queryParam("actor", "maria").queryParam("limit", 1)
                .when().get("/api/v1/audit/logouts")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void problemExamplesAreRealProblems() {
        check("problem-forbidden.json", given().auth().oauth2(ContractPersonas.supervisor())
                .queryParam("campaign_id", "222")
                .when().get("/api/v1/agent-monitor")
                .then().statusCode(403).extract().asString());
        check("problem-not-auditor.json", given().auth().oauth2(ContractPersonas.manager())
                .when().get("/api/v1/audit/logouts")
                .then().statusCode(403).extract().asString());
    }

    private static void check(String name, String live) {
        Path file = Contract.EXAMPLES.resolve(name);
        try {
            JsonNode liveJson = JSON.readTree(live);
            if (Contract.updating()) {
                Contract.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(liveJson) + "\n");
                return;
            }
            assertTrue(Files.isRegularFile(file),
                    file + " is missing. Run `" + Contract.UPDATE_COMMAND + "` and commit openapi/.");
            assertEquals(fields(liveJson), fields(JSON.readTree(Contract.read(file))),
                    "The example " + file + " no longer has the fields of a live answer. Run `"
                            + Contract.UPDATE_COMMAND + "` to capture it again.");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The field names of an answer, and of its first array elements, as dotted paths. */
    private static Set<String> fields(JsonNode node) {
        Set<String> fields = new TreeSet<>();
        collect("", node, fields);
        return fields;
    }

    private static void collect(String prefix, JsonNode node, Set<String> into) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                into.add(prefix + name);
                // Agent rows differ by status (call fields only while in a call): only the shape counts.
                if (!name.equals("agents")) {
                    collect(prefix + name + ".", node.get(name), into);
                }
            });
        } else if (node.isArray() && !node.isEmpty()) {
            collect(prefix + "[].", node.get(0), into);
        }
    }
}
