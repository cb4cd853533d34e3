package io.pgshift.ops;

import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.TableRef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The enum types a backup's tables use. pg_dump {@code --table} dumps tables without the types
 * they depend on, so a restore into a new database would fail on the first enum column: the types
 * are read from the live database and created there first. Labels added since the backup come
 * along, which every old row still fits.
 */
final class EnumTypes {
    /** One enum type and its labels, in their sort order. */
    record EnumType(String schema, String name, List<String> labels) {
        EnumType {
            labels = List.copyOf(labels);
        }

        String createSql() {
            return "CREATE TYPE " + Quoting.ident(schema) + "." + Quoting.ident(name) + " AS ENUM ("
                    + String.join(", ", labels.stream().map(Quoting::literal).toList()) + ")";
        }
    }

    private EnumTypes() {
    }

    /** The enum types (also as array elements) of {@code tables}' columns; tables gone since the backup are skipped. */
    static List<EnumType> usedBy(Connection c, List<TableRef> tables) throws SQLException {
        String columnTypes = "SELECT a.atttypid FROM pg_attribute a WHERE a.attrelid IN"
                + " (SELECT to_regclass(x) FROM unnest(?::text[]) x) AND a.attnum > 0 AND NOT a.attisdropped";
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, t.typname,"
                + " array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_type t"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid"
                + " WHERE t.oid IN (" + columnTypes + ") OR t.oid IN (SELECT at.typelem FROM pg_type at WHERE at.oid IN ("
                + columnTypes + ")) GROUP BY 1, 2 ORDER BY 1, 2")) {
            String[] names = tables.stream().map(TableRef::sql).toArray(String[]::new);
            ps.setArray(1, c.createArrayOf("text", names));
            ps.setArray(2, c.createArrayOf("text", names));
            List<EnumType> types = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array labels = rs.getArray(3);
                    types.add(new EnumType(rs.getString(1), rs.getString(2), List.of((String[]) labels.getArray())));
                }
            }
            return types;
        }
    }
}
