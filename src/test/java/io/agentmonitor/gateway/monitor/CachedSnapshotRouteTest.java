package io.agentmonitor.gateway.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.cache.SnapshotCache;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.response.Response;

/**
 * A cached view is answered by {@link CachedSnapshotRoute} exactly as {@link AgentMonitorResource}
 * answers it, and whatever the route must not answer still reaches the resource.
 */
@QuarkusTest
class CachedSnapshotRouteTest {

    private static final String PATH = "/api/v1/agent-monitor";
    /** Headers whose values move with the clock (seconds of age and of freshness left). */
    private static final Set<String> TIMED = Set.of("age", "cache-control", "date");

    @Inject
    ConvosoSimulator simulator;

    @Inject
    SnapshotCache cache;

    @BeforeEach
    void coldCache() {
        simulator.reset();
        cache.invalidateAll();
    }

    @Test
    void aCachedViewGetsTheStatusHeadersAndBodyTheResourceGave() {
        Response loaded = get(TestTokens.manager(), "?campaign_id=112");
        Response cached = get(TestTokens.manager(), "?campaign_id=112");

        assertEquals("resource", loaded.header(ServedByResource.HEADER), "the resource loaded the view");
        assertNull(cached.header(ServedByResource.HEADER), "the route answered the cached view");
        assertEquals(200, cached.statusCode());
        assertEquals(untimedHeaders(loaded), untimedHeaders(cached));
        assertEquals(loaded.header("Cache-Control").replaceAll("\\d+$", ""),
                cached.header("Cache-Control").replaceAll("\\d+$", ""));
        assertTrue(cached.header("Age").matches("\\d+"));
        Map<String, Object> loadedBody = loaded.jsonPath().getMap("");
        Map<String, Object> cachedBody = cached.jsonPath().getMap("");
        loadedBody.remove("age_seconds");
        cachedBody.remove("age_seconds");
        assertEquals(loadedBody, cachedBody);
    }

    @Test
    void aCachedViewNamedByIfNoneMatchIsNotModified() {
        String etag = get(TestTokens.supervisor(), "").header("ETag");

        Response again = given().auth().oauth2(TestTokens.supervisor()).header("If-None-Match", etag)
                .get(PATH).then().statusCode(304).extract().response();

        assertNull(again.header(ServedByResource.HEADER), "the route answered");
        assertEquals(etag, again.header("ETag"));
        assertEquals("", again.asString());
    }

    @Test
    void requestsTheRouteMustNotAnswerStillGetTheResourcesProblems() {
        get(TestTokens.manager(), "?campaign_id=112");
        get(TestTokens.supervisor(), "?campaign_id=111");

        // Campaign 112 is cached, but not in the supervisor's scope.
        given().auth().oauth2(TestTokens.supervisor()).queryParam("campaign_id", "112").get(PATH)
                .then().statusCode(403).header(ServedByResource.HEADER, "resource").body("type", is("/problems/forbidden"));
        given().auth().oauth2(TestTokens.supervisor()).queryParam("campaign_id", "111").queryParam("skill", "no spaces")
                .get(PATH).then().statusCode(400).header(ServedByResource.HEADER, "resource")
                .body("type", is("/problems/invalid-request"));
        given().queryParam("campaign_id", "111").get(PATH).then().statusCode(401);
        given().auth().oauth2(TestTokens.supervisor()).queryParam("campaign_id", "111").accept("text/html").get(PATH)
                .then().statusCode(406).header(ServedByResource.HEADER, "resource");
        given().auth().oauth2(TestTokens.auditor()).queryParam("campaign_id", "111").get(PATH)
                .then().statusCode(403).header(ServedByResource.HEADER, "resource");
    }

    private static Response get(String token, String query) {
        return given().auth().oauth2(token).get(PATH + query).then().statusCode(200).extract().response();
    }

    private static Map<String, String> untimedHeaders(Response response) {
        return response.headers().asList().stream()
                .filter(h -> !TIMED.contains(h.getName().toLowerCase()) && !h.getName().equals(ServedByResource.HEADER))
                .collect(Collectors.toMap(h -> h.getName().toLowerCase(), Header::getValue, (a, b) -> a + ", " + b,
                        TreeMap::new));
    }
}
