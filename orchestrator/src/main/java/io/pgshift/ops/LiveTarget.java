package io.pgshift.ops;

import io.pgshift.catalog.TableInfo;
import io.pgshift.db.Connections;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What {@code schema diff} compares of one target, read in one read-only session as the role
 * pgshift connects with: its tables, the privileges on them, and the {@link RunSettings}.
 */
public record LiveTarget(Map<String, TableInfo> tables, Map<String, List<TableGrant>> grants,
                         Map<String, String> settings) {
    public LiveTarget {
        tables = Map.copyOf(tables);
        grants = Map.copyOf(grants);
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }

    /** @param tables names within {@code schema}; empty: every table of the schema */
    public static LiveTarget read(TargetRef target, String schema, List<String> tables) {
        try (Connection c = Connections.openReadOnly(target.url(), "pgshift-schema")) {
            Map<String, TableInfo> live = LiveSchema.read(c, schema, tables);
            return new LiveTarget(live, LivePrivileges.read(c, schema, live.keySet()), RunSettings.read(c));
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "cannot read the catalog of target " + target + ": "
                    + e.getMessage().split("\n", 2)[0], e);
        }
    }
}
