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

    /** Reads both targets and compares them: tables, then privileges on them, then the settings of a run. */
    public static SchemaComparison of(TargetRef from, TargetRef to, String schema, List<String> tables) {
        LiveTarget a = LiveTarget.read(from, schema, tables);
        LiveTarget b = LiveTarget.read(to, schema, tables);
        java.util.Set<String> names = new java.util.HashSet<>(a.tables().keySet());
        names.addAll(b.tables().keySet());
        List<SchemaDifference> differences = new java.util.ArrayList<>(SchemaDiff.compare(a.tables(), b.tables()));
        differences.addAll(GrantDiff.compare(a.grants(), b.grants()));
        differences.addAll(SettingDiff.compare(a.settings(), b.settings()));
        return new SchemaComparison(from, to, schema, names.size(), differences);
    }

    /** No difference at all, warnings included. */
    public boolean equal() {
        return differences.isEmpty();
    }

    /** Some difference makes the targets different (exit 11); settings alone are warnings. */
    public boolean drift() {
        return differences.stream().anyMatch(SchemaDifference::drift);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("schema ").append(schema).append(": ").append(from.name()).append(" -> ").append(to.name())
                .append(" (").append(tablesCompared).append(" tables; + only in ").append(to.name())
                .append(", - only in ").append(from.name()).append(", ~ differs)\n");
        differences.forEach(d -> sb.append(d.text()).append('\n'));
        long warnings = differences.stream().filter(d -> !d.drift()).count();
        sb.append(differences.isEmpty() ? "no differences\n" : differences.size() + " differences"
                + (warnings == 0 ? "" : " (" + warnings + " settings: warnings, not drift)") + "\n");
        return sb.toString();
    }

    public String json() {
        return PlainJson.write(values());
    }

    /** Plain values: for {@link #json()} and the API's {@code GET /api/v1/schema/diff}. */
    public Map<String, Object> values() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", Map.of("name", from.name(), "url", from.url().toString()));
        root.put("to", Map.of("name", to.name(), "url", to.url().toString()));
        root.put("schema", schema);
        root.put("tables_compared", tablesCompared);
        root.put("equal", equal());
        root.put("drift", drift());
        root.put("differences", differences.stream().map(SchemaDifference::json).toList());
        return root;
    }
}
