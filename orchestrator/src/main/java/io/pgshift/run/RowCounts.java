package io.pgshift.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Row counts of the tables a run touches, before expand and after contract (each null until
 * counted), stored in {@code run.row_counts} as
 * {@code {"before": {table: rows}, "estimated_before": [table], "after": ..., "estimated_after": ...}};
 * an {@code estimated_} list only when some count is the planner's estimate.
 */
public record RowCounts(Counted before, Counted after) {
    public static final RowCounts NONE = new RowCounts(null, null);

    /** One counting: rows per table (display name), and the tables whose count is an estimate. */
    public record Counted(Map<String, Long> rows, Set<String> estimated) {
        public Counted {
            rows = java.util.Collections.unmodifiableMap(new TreeMap<>(rows));
            estimated = java.util.Collections.unmodifiableSet(new TreeSet<>(estimated));
        }
    }

    public RowCounts withBefore(Counted counted) {
        return new RowCounts(counted, after);
    }

    public RowCounts withAfter(Counted counted) {
        return new RowCounts(before, counted);
    }

    /** The document as stored and shown (JSONB key order). */
    public JsonNode tree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        put(root, "before", before);
        put(root, "after", after);
        return RunDocuments.tree(root);
    }

    /** As the text report prints it: the stored JSON as PostgreSQL prints it. */
    @Override
    public String toString() {
        return RunDocuments.text(tree());
    }

    String json() {
        return RunDocuments.json(tree());
    }

    /** The stored JSON back; null stays null. */
    public static RowCounts fromJson(String json) {
        return json == null ? null : fromTree(RunDocuments.parse(json, "row counts"));
    }

    /** A document as {@link #tree()} gives it (read back from the API, say); null or JSON null stays null. */
    public static RowCounts fromTree(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return null;
        }
        return new RowCounts(counted(root, "before"), counted(root, "after"));
    }

    private static void put(ObjectNode root, String key, Counted counted) {
        if (counted == null) {
            return;
        }
        ObjectNode rows = root.putObject(key);
        counted.rows().forEach(rows::put);
        if (!counted.estimated().isEmpty()) {
            counted.estimated().forEach(root.putArray("estimated_" + key)::add);
        }
    }

    private static Counted counted(JsonNode root, String key) {
        JsonNode rows = root.get(key);
        if (rows == null || rows.isNull()) {
            return null;
        }
        Map<String, Long> counts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rows.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            counts.put(e.getKey(), e.getValue().asLong());
        }
        Set<String> estimated = new TreeSet<>();
        root.path("estimated_" + key).forEach(t -> estimated.add(t.asText()));
        return new Counted(counts, estimated);
    }
}
