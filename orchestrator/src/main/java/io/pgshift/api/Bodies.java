package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Strict checks of small JSON request bodies. */
final class Bodies {
    private Bodies() {
    }

    /** 400 naming the first field that is not one of {@code allowed}. */
    static void onlyFields(JsonNode body, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "'; expected: " + String.join(", ", allowed));
            }
        }
    }

    /** An optional integer field at least {@code min}; null when absent. */
    static Integer optionalInt(JsonNode body, String field, int min) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min) {
            throw ApiException.badRequest("'" + field + "' must be an integer >= " + min);
        }
        return node.intValue();
    }

    /** A required, non-empty list of non-blank strings. */
    static List<String> strings(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiException.badRequest("'" + field + "' must be a non-empty list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw ApiException.badRequest("'" + field + "' must be a non-empty list of strings");
            }
            out.add(item.asText().trim());
        }
        return out;
    }

    /** A body that may only say {@code {"force": true}}: whether to go on despite a refusal. */
    static boolean force(ApiRequest request) throws java.io.IOException {
        JsonNode body = request.jsonObject();
        onlyFields(body, "force");
        return optionalBoolean(body, "force", false);
    }

    /** An optional boolean field; {@code fallback} when absent. */
    static boolean optionalBoolean(JsonNode body, String field, boolean fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest("'" + field + "' must be true or false");
        }
        return node.booleanValue();
    }

    /** An optional non-blank string field; {@code fallback} when absent. */
    static String optionalText(JsonNode body, String field, String fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiException.badRequest("'" + field + "' must be a non-empty string");
        }
        return node.asText().trim();
    }
}
