package io.agentmonitor.gateway.upstream;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Field readers that accept what the upstream really sends: numbers as strings, strings as
 * numbers, and {@code "-"} or {@code ""} (and {@code "0"} for IDs) meaning "none".
 */
final class Fields {

    private Fields() {
    }

    /** A text value, or {@code null} when absent, null, blank or {@code "-"}. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() || "-".equals(text) ? null : text;
    }

    /** Like {@link #text}, and {@code "0"} also means "none" (no current lead, call, list...). */
    static String id(JsonNode node, String field) {
        String text = text(node, field);
        return "0".equals(text) ? null : text;
    }

    /** A whole number given as a number or a numeric string; {@code null} when absent or unreadable. */
    static Long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (text.isEmpty() || "-".equals(text)) {
                return null;
            }
            try {
                return new BigDecimal(text).longValue();
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
