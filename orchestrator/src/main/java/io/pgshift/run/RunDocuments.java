package io.pgshift.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The one place a run's documents ({@link GateReport}, {@link RowCounts}) become JSON and back.
 * They live in JSONB columns, which keep an object's keys shorter first, then bytewise, and print
 * them as {@code {"a": 1, "b": [1, 2]}}: the API and the JSON output show the stored tree with
 * that key order ({@link #tree}) and the text report prints it as PostgreSQL does ({@link #text}),
 * so both read exactly as they did when they were the column's text.
 */
public final class RunDocuments {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Comparator<String> JSONB_KEY_ORDER = Comparator.comparingInt((String k) -> utf8(k).length)
            .thenComparing(RunDocuments::utf8, Arrays::compareUnsigned);

    private RunDocuments() {
    }

    /** What the API and the JSON output show for a run's gate report: its tree, or null. */
    public static JsonNode of(GateReport report) {
        return report == null ? null : report.tree();
    }

    /** What the API and the JSON output show for a run's row counts: their tree, or null. */
    public static JsonNode of(RowCounts counts) {
        return counts == null ? null : counts.tree();
    }

    /** The document as the JSON written to its column. */
    static String json(JsonNode document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run document not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /** A column's JSON back as a tree; {@code what} names it in the error. */
    static JsonNode parse(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + what + " is malformed: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code document} with every object's keys in JSONB's order, as reading the column gives it. */
    public static JsonNode tree(JsonNode document) {
        if (document.isObject()) {
            ObjectNode ordered = JsonNodeFactory.instance.objectNode();
            List<String> keys = new ArrayList<>();
            document.fieldNames().forEachRemaining(keys::add);
            keys.sort(JSONB_KEY_ORDER);
            keys.forEach(k -> ordered.set(k, tree(document.get(k))));
            return ordered;
        }
        if (document.isArray()) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            document.forEach(item -> items.add(tree(item)));
            return items;
        }
        return document;
    }

    /** {@code document} as {@code jsonb::text} prints it. */
    public static String text(JsonNode document) {
        StringBuilder out = new StringBuilder();
        write(tree(document), out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            String separator = "";
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                out.append(separator).append(JsonNodeFactory.instance.textNode(field.getKey())).append(": ");
                write(field.getValue(), out);
                separator = ", ";
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            String separator = "";
            for (JsonNode item : node) {
                out.append(separator);
                write(item, out);
                separator = ", ";
            }
            out.append(']');
        } else {
            // scalars print as JSON does: strings quoted with the same escapes as PostgreSQL's
            out.append(node);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
