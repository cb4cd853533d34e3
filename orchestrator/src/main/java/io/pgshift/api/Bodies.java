package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
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
}
