package io.pgshift.ops;

import io.pgshift.catalog.CatalogReader;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.TableInfo;
import io.pgshift.db.Connections;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads a target's tables (all of a schema, or the ones named) read-only, keyed by table name. */
public final class LiveSchema {
    private LiveSchema() {
    }

    /** @param tables names within {@code schema}; empty: every table of the schema */
    public static Map<String, TableInfo> read(TargetRef target, String schema, List<String> tables) {
        try (Connection c = Connections.openReadOnly(target.url(), "pgshift-schema")) {
            return read(c, schema, tables);
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "cannot read the catalog of target " + target + ": "
                    + e.getMessage().split("\n", 2)[0], e);
        }
    }

    public static Map<String, TableInfo> read(Connection c, String schema, List<String> tables) {
        CatalogReader reader = new CatalogReader();
        CatalogSnapshot snapshot;
        if (tables.isEmpty()) {
            snapshot = reader.readSchema(c, schema);
        } else {
            Set<TableRef> refs = new LinkedHashSet<>();
            tables.forEach(t -> refs.add(new TableRef(schema, t)));
            snapshot = reader.read(c, refs);
        }
        Map<String, TableInfo> byName = new TreeMap<>();
        snapshot.tables().forEach((ref, info) -> byName.put(ref.name(), info));
        return byName;
    }
}
