package io.agentmonitor.gateway.simulator;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Calls to the simulated upstream as the gateway makes them, and the checks every answer must pass. */
final class SimulatorApi {

    static final String SEARCH = "/simulator/v1/agent-monitor/search";
    static final String LOGOUT = "/simulator/v1/agent-monitor/logout";
    static final String CONTROL = "/simulator/control";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatorApi() {
    }

    static String token() {
        return ConfigProvider.getConfig().getValue("gateway.simulator.auth-token", String.class);
    }

    /** {@code POST} search; {@code filters} are name/value pairs. */
    static Response search(String... filters) {
        return given().queryParam("auth_token", token()).contentType(ContentType.URLENC)
                .formParams(pairs(filters)).post(SEARCH);
    }

    /** {@code GET} search, every parameter in the query string. */
    static Response searchGet(String... filters) {
        return given().queryParam("auth_token", token()).queryParams(pairs(filters)).get(SEARCH);
    }

    static Response logout(String userId) {
        return given().queryParam("auth_token", token()).contentType(ContentType.URLENC)
                .formParam("user_id", userId).post(LOGOUT);
    }

    /** A successful answer's body, read with Jackson: much faster than REST Assured's paths on 300 agents. */
    static JsonNode json(Response response) {
        assertEquals(200, response.statusCode(), response::asString);
        try {
            return JSON.readTree(response.asString());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    static List<String> texts(JsonNode body, String agentField) {
        List<String> values = new ArrayList<>();
        body.path("agents").forEach(agent -> values.add(agent.path(agentField).asText()));
        return values;
    }

    /** The root counters of a flat answer agree with the agents it lists, the queue figures with each other. */
    static JsonNode assertConsistent(Response response) {
        JsonNode body = json(response);
        List<String> statuses = texts(body, "status");
        assertEquals(statuses.size(), body.path("agent_total").asInt(), "agent_total");
        assertEquals(count(statuses, "INCALL"), body.path("agent_incall").asInt(), "agent_incall");
        assertEquals(count(statuses, "READY"), body.path("agent_ready").asInt(), "agent_ready");
        assertEquals(count(statuses, "PAUSED"), body.path("agent_paused").asInt(), "agent_paused");
        long answered = body.path("queue_answered").asLong();
        long dropped = body.path("queue_dropped").asLong();
        assertEquals(answered + dropped, body.path("queue_calls_today").asLong(), "queue_calls_today");
        // call_data is the listed agents' calls; the queue figures are the queues' whole day.
        JsonNode calls = body.path("call_data");
        assertEquals(calls.path("answered").asLong() + calls.path("dropped").asLong(), calls.path("total_calls").asLong(),
                "call_data.total_calls");
        long agentsCalls = 0;
        for (JsonNode agent : body.path("agents")) {
            agentsCalls += agent.path("calls_today").asLong();
        }
        assertEquals(agentsCalls, calls.path("answered").asLong(), "call_data.answered: the listed agents' calls");
        return body;
    }

    private static long count(List<String> statuses, String status) {
        return statuses.stream().filter(status::equals).count();
    }

    private static Map<String, String> pairs(String... filters) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < filters.length; i += 2) {
            map.put(filters[i], filters[i + 1]);
        }
        return map;
    }
}
