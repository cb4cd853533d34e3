package io.pgshift.ops;

import io.pgshift.catalog.TableInfo;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A recorded schema: its tables as they were, who recorded it and when, and the checksum taken then. */
public record Baseline(long id, String schema, String database, String serverVersion, String checksum,
                       String recordedBy, Instant recordedAt, Map<String, TableInfo> tables) {
    public Baseline {
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    }

    /** Whether the stored snapshot still hashes to the checksum recorded with it. */
    public boolean intact() {
        return SnapshotJson.checksum(tables).equals(checksum);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("baseline ").append(id).append(" of schema ").append(schema).append(" in ").append(database)
                .append(" (PostgreSQL ").append(serverVersion).append(")\n");
        sb.append("recorded ").append(recordedAt).append(" by ").append(recordedBy).append('\n');
        sb.append("sha256 ").append(checksum).append(intact() ? " (intact)" : " (DOES NOT MATCH the stored snapshot)").append('\n');
        sb.append(tables.size()).append(" tables:\n");
        tables.forEach((name, t) -> sb.append("  ").append(name).append(" (")
                .append(String.join(", ", t.columns().stream().map(c -> c.name() + " " + c.type()).toList()))
                .append(")").append(t.indexes().isEmpty() ? "" : "; " + t.indexes().size() + " indexes")
                .append(t.constraints().isEmpty() ? "" : "; " + t.constraints().size() + " constraints").append('\n'));
        return sb.toString();
    }

    public String json() {
        return PlainJson.write(values());
    }

    /** Plain values, the snapshot included: for {@link #json()} and the API. */
    public Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("schema", schema);
        m.put("database", database);
        m.put("server_version", serverVersion);
        m.put("checksum", checksum);
        m.put("intact", intact());
        m.put("recorded_by", recordedBy);
        m.put("recorded_at", recordedAt.toString());
        m.put("snapshot", SnapshotJson.of(tables));
        return m;
    }
}
