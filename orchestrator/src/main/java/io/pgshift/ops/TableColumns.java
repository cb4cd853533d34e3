package io.pgshift.ops;

import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table's columns as the catalog has them (name, type, whether generated): what the backup holds
 * and what the live table has must be the same before an in-place restore replaces the rows.
 */
record TableColumns(TableRef table, List<Column> columns) {
    record Column(String name, String type, boolean generated) {
        String display() {
            return name + " (" + type + (generated ? ", generated" : "") + ")";
        }
    }

    TableColumns {
        columns = List.copyOf(columns);
    }

    static TableColumns read(Connection c, TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                + " a.attgenerated <> '' FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attnum > 0"
                + " AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, table.sql());
            List<Column> columns = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
            return new TableColumns(table, columns);
        }
    }

    /** The columns COPY moves: generated ones are computed again on the way in. */
    String copyList() {
        return Quoting.idents(columns.stream().filter(c -> !c.generated()).map(Column::name).toList());
    }

    /**
     * Why {@code live} cannot take this backup's rows, or empty when it can. Column order does not
     * matter (COPY names the columns); a column added since the backup does: its values would be
     * lost or defaulted silently, so the operator decides (drops it, or restores elsewhere).
     */
    Optional<String> mismatch(TableColumns live) {
        Map<String, Column> backup = byName(columns);
        Map<String, Column> now = byName(live.columns);
        List<String> problems = new ArrayList<>();
        now.forEach((name, c) -> {
            if (!backup.containsKey(name)) {
                problems.add("column " + c.display() + " was added since the backup: drop it first (ALTER TABLE "
                        + table.sql() + " DROP COLUMN " + Quoting.ident(name) + ", or roll back the run that added it)");
            }
        });
        backup.forEach((name, c) -> {
            Column n = now.get(name);
            if (n == null) {
                problems.add("column " + c.display() + " of the backup is gone: add it back first");
            } else if (!n.equals(c)) {
                problems.add("column " + name + " is " + c.display() + " in the backup but " + n.display()
                        + " now: change it back first");
            }
        });
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(table.display() + " no longer matches the backup: " + String.join("; ", problems)
                + " (or restore into a new database and copy what you need)");
    }

    private static Map<String, Column> byName(List<Column> columns) {
        Map<String, Column> map = new LinkedHashMap<>();
        columns.forEach(c -> map.put(c.name(), c));
        return map;
    }
}
