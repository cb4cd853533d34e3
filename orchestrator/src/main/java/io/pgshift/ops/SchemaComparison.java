package io.pgshift.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result of {@code pgshift schema diff}: who was compared with whom, and every difference. */
public record SchemaComparison(TargetRef from, TargetRef to, String schema, int tablesCompared,
                               List<SchemaDifference> differences) {
    public SchemaComparison {
        differences = List.copyOf(differences);
    }

    /** Reads both targets and compares them. */
    public static SchemaComparison of(TargetRef from, TargetRef to, String schema, List<String> tables) {
        var a = LiveSchema.read(from, schema, tables);
        var b = LiveSchema.read(to, schema, tables);
        java.util.Set<String> names = new java.util.HashSet<>(a.keySet());
        names.addAll(b.keySet());
        return new SchemaComparison(from, to, schema, names.size(), SchemaDiff.compare(a, b));
    }

    public boolean equal() {
        return differences.isEmpty();
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("schema ").append(schema).append(": ").append(from.name()).append(" -> ").append(to.name())
                .append(" (").append(tablesCompared).append(" tables; + only in ").append(to.name())
                .append(", - only in ").append(from.name()).append(", ~ differs)\n");
        differences.forEach(d -> sb.append(d.text()).append('\n'));
        sb.append(differences.isEmpty() ? "no differences\n" : differences.size() + " differences\n");
        return sb.toString();
    }

    public String json() {
        return Json.write(values());
    }

    /** Plain values: for {@link #json()} and the API's {@code GET /api/v1/schema/diff}. */
    public Map<String, Object> values() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", Map.of("name", from.name(), "url", from.url().toString()));
        root.put("to", Map.of("name", to.name(), "url", to.url().toString()));
        root.put("schema", schema);
        root.put("tables_compared", tablesCompared);
        root.put("equal", equal());
        root.put("differences", differences.stream().map(SchemaDifference::json).toList());
        return root;
    }
}
