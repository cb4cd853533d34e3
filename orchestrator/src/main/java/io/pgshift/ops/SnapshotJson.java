package io.pgshift.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A schema's tables as plain JSON values and back: the form a baseline is stored and
 * checksummed in. Sizes and row estimates are left out: they change without the schema changing.
 */
public final class SnapshotJson {
    private SnapshotJson() {
    }

    public static Map<String, Object> of(Map<String, TableInfo> tables) {
        Map<String, Object> byName = new TreeMap<>();
        tables.forEach((name, t) -> byName.put(name, table(t)));
        return Map.of("tables", byName);
    }

    /** SHA-256 of the canonical JSON (sorted keys, no whitespace) of {@link #of}. */
    public static String checksum(Map<String, TableInfo> tables) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(PlainJson.canonical(of(tables)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static Map<String, Object> table(TableInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", t.schema());
        m.put("columns", t.columns().stream().map(c -> {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("type", c.type());
            col.put("not_null", c.notNull());
            col.put("default", c.defaultExpr());
            return col;
        }).toList());
        m.put("indexes", t.indexes().stream().map(i -> {
            Map<String, Object> idx = new LinkedHashMap<>();
            idx.put("name", i.name());
            idx.put("columns", i.columns());
            idx.put("unique", i.unique());
            idx.put("primary", i.primary());
            idx.put("valid", i.valid());
            idx.put("partial", i.partial());
            idx.put("definition", i.definition());
            return idx;
        }).toList());
        m.put("constraints", t.constraints().stream().map(c -> {
            Map<String, Object> con = new LinkedHashMap<>();
            con.put("name", c.name());
            con.put("type", String.valueOf(c.type()));
            con.put("columns", c.columns());
            con.put("definition", c.definition());
            con.put("validated", c.validated());
            return con;
        }).toList());
        m.put("triggers", t.triggers());
        return m;
    }

    /** Reads back what {@link #of} wrote (e.g. from jsonb), so it can be compared and re-checksummed. */
    public static Map<String, TableInfo> parse(String json) {
        JsonNode root;
        try {
            root = PlainJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a schema snapshot: " + e.getOriginalMessage(), e);
        }
        Map<String, TableInfo> tables = new TreeMap<>();
        root.path("tables").fields().forEachRemaining(e -> tables.put(e.getKey(), table(e.getKey(), e.getValue())));
        return tables;
    }

    private static TableInfo table(String name, JsonNode t) {
        List<ColumnInfo> columns = new ArrayList<>();
        for (JsonNode c : t.path("columns")) {
            columns.add(new ColumnInfo(c.path("name").asText(), c.path("type").asText(), c.path("not_null").asBoolean(),
                    text(c.path("default")), columns.size() + 1));
        }
        List<IndexInfo> indexes = new ArrayList<>();
        for (JsonNode i : t.path("indexes")) {
            indexes.add(new IndexInfo(i.path("name").asText(), strings(i.path("columns")), i.path("unique").asBoolean(),
                    i.path("primary").asBoolean(), i.path("valid").asBoolean(), i.path("partial").asBoolean(),
                    text(i.path("definition"))));
        }
        List<ConstraintInfo> constraints = new ArrayList<>();
        for (JsonNode c : t.path("constraints")) {
            constraints.add(new ConstraintInfo(c.path("name").asText(), c.path("type").asText("?").charAt(0),
                    strings(c.path("columns")), text(c.path("definition")), c.path("validated").asBoolean(), null, null));
        }
        return new TableInfo(t.path("schema").asText("public"), name, -1, 0, columns, indexes, constraints,
                strings(t.path("triggers")));
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
