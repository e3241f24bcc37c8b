package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.AUDIT;
import static io.agentmonitor.gateway.audit.AuditTestSupport.auditor;
import static io.agentmonitor.gateway.audit.AuditTestSupport.freshManager;
import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.agentmonitor.gateway.audit.AuditTestSupport.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(EmbeddedAuditProfile.class)
class AuditQueryTest {

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void recordsComeNewestFirstInCursorPages() {
        String actor = uniqueName("pat");
        String token = freshManager(actor);
        for (int i = 0; i < 5; i++) {
            logout(token, readyAgent(simulator, "111", 14 + i), "Paging " + i).statusCode(200);
        }

        List<Long> seqs = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(auditor()).queryParam("actor", actor).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(AUDIT).then().statusCode(200).extract().jsonPath();
            seqs.addAll(page.getList("items.seq", Long.class));
            reasons.addAll(page.getList("items.reason", String.class));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);

        assertEquals(3, pages);
        assertEquals(List.of("Paging 4", "Paging 3", "Paging 2", "Paging 1", "Paging 0"), reasons);
        List<Long> sorted = new ArrayList<>(seqs);
        sorted.sort((a, b) -> Long.compare(b, a));
        assertEquals(sorted, seqs);
        assertEquals(5, new HashSet<>(seqs).size());
    }

    @Test
    void filtersNarrowByActorAgentCampaignOutcomeAndTime() {
        String actor = uniqueName("flo");
        String token = freshManager(actor);
        Instant start = Instant.now().minusSeconds(1);
        String succeeded = readyAgent(simulator, "112", 3);
        String foreign = readyAgent(simulator, "222", 1);
        logout(token, succeeded, "Filters ok").statusCode(200);
        logout(token, foreign, "Filters rejected").statusCode(403);
        logout(token, "888888", "Filters failed").statusCode(404);

        assertEquals(List.of("888888", foreign, succeeded), userIds(Map.of("actor", actor)));
        assertEquals(List.of(succeeded), userIds(Map.of("actor", actor, "outcome", "succeeded")));
        assertEquals(List.of(foreign), userIds(Map.of("actor", actor, "outcome", "rejected")));
        assertEquals(List.of("888888"), userIds(Map.of("actor", actor, "outcome", "failed")));
        assertEquals(List.of(), userIds(Map.of("actor", actor, "outcome", "pending")));
        assertEquals(List.of(foreign), userIds(Map.of("actor", actor, "campaign", "222")));
        assertEquals(List.of(succeeded), userIds(Map.of("actor", "sub-" + actor, "agent", succeeded)));
        assertEquals(3, userIds(Map.of("actor", actor, "from", start.toString())).size());
        assertEquals(List.of(), userIds(Map.of("actor", actor, "to", start.toString())));
        assertEquals(List.of(), userIds(Map.of("actor", actor, "from", Instant.now().plusSeconds(60).toString())));
    }

    @Test
    void badQueriesAreProblemsThatNameTheParameter() {
        Map<String, Map<String, String>> named = new java.util.LinkedHashMap<>();
        named.put("limit", Map.of("limit", "0"));
        named.put("limit ", Map.of("limit", "201"));
        named.put("limit  ", Map.of("limit", "many"));
        named.put("outcome", Map.of("outcome", "lost"));
        named.put("from", Map.of("from", "yesterday"));
        named.put("from ", Map.of("from", "2026-03-02T00:00:00Z", "to", "2026-03-01T00:00:00Z"));
        named.put("cursor", Map.of("cursor", "%%%"));
        named.put("cursor ", Map.of("cursor", "czA"));
        named.put("actor", Map.of("actor", "a".repeat(256)));
        named.forEach((parameter, query) -> given().auth().oauth2(auditor()).queryParams(query)
                .when().get(AUDIT)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/invalid-request"))
                .body("errors[0].name", org.hamcrest.Matchers.equalTo(parameter.trim()))
                .body("errors[0].reason", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyString())));
        given().auth().oauth2(auditor()).queryParam("after_seq", "-1").when().get(AUDIT + "/export")
                .then().statusCode(400).body("errors[0].name", org.hamcrest.Matchers.equalTo("after_seq"));
        given().auth().oauth2(auditor()).queryParam("full", "true").when().get(AUDIT + "/verify")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/invalid-request"))
                .body("errors[0].name", org.hamcrest.Matchers.equalTo("full"));
    }

    @Test
    void onlyAuditorsReadTheTrail() {
        for (String token : List.of(TestTokens.manager(), TestTokens.supervisor())) {
            given().auth().oauth2(token).when().get(AUDIT)
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).when().get(AUDIT + "/verify")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().when().get(AUDIT).then().statusCode(401);
    }

    @Test
    void pageSizeDefaultsAndIsBounded() {
        JsonPath page = given().auth().oauth2(auditor()).queryParam("limit", 200)
                .when().get(AUDIT).then().statusCode(200).extract().jsonPath();
        assertTrue(page.getList("items").size() <= 200);
        if (page.getList("items").size() < 200) {
            assertNull(page.getString("next_cursor"));
        }
        given().auth().oauth2(auditor()).when().get(AUDIT).then().statusCode(200)
                .body("items.size()", lessThanOrEqualTo(50));
    }

    private static List<String> userIds(Map<String, String> query) {
        return given().auth().oauth2(auditor()).queryParams(query)
                .when().get(AUDIT)
                .then().statusCode(200).body("items.size()", lessThanOrEqualTo(50))
                .extract().jsonPath().getList("items.user_id", String.class);
    }
}
