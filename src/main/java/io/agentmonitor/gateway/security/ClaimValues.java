package io.agentmonitor.gateway.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Reads a token claim that may be a string, a comma list or a JSON array, as a list of strings. */
final class ClaimValues {

    private ClaimValues() {
    }

    static List<String> strings(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim == null) {
            return values;
        }
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                values.addAll(strings(value));
            }
        } else if (claim instanceof Collection<?> collection) {
            for (Object value : collection) {
                values.addAll(strings(value));
            }
        } else if (claim instanceof JsonString string) {
            values.addAll(split(string.getString()));
        } else if (claim instanceof JsonValue value && value.getValueType() == JsonValue.ValueType.NUMBER) {
            values.add(value.toString());
        } else if (claim instanceof String || claim instanceof Number) {
            values.addAll(split(claim.toString()));
        }
        return values;
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.startsWith("/") ? s.substring(1) : s).toList();
    }
}
