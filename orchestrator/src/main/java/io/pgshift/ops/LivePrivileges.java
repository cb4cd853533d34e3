package io.pgshift.ops;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the privileges held on tables and on their columns, keyed by table name. A table never
 * granted on has a NULL ACL, which means its owner's default privileges: read as such
 * ({@code acldefault}), so that a first GRANT does not also show the owner's privileges as new.
 */
public final class LivePrivileges {
    private static final String GRANTEE = "CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END";
    private static final String SQL = "SELECT relname, column_name, privilege_type, grantee, bool_or(is_grantable) FROM ("
            + " SELECT c.relname, NULL::name AS column_name, a.privilege_type, " + GRANTEE + " AS grantee, a.is_grantable"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a"
            + " WHERE n.nspname = ? AND c.relname = ANY (?)"
            + " UNION ALL"
            + " SELECT c.relname, att.attname, a.privilege_type, " + GRANTEE + ", a.is_grantable"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_attribute att ON att.attrelid = c.oid AND att.attnum > 0 AND NOT att.attisdropped"
            + " AND att.attacl IS NOT NULL"
            + " CROSS JOIN LATERAL aclexplode(att.attacl) a"
            + " WHERE n.nspname = ? AND c.relname = ANY (?)"
            + ") g GROUP BY relname, column_name, privilege_type, grantee";

    private LivePrivileges() {
    }

    /** The grants on {@code tables} (names within {@code schema}); a table without any maps to an empty list. */
    public static Map<String, List<TableGrant>> read(Connection c, String schema, Collection<String> tables)
            throws SQLException {
        Map<String, List<TableGrant>> byTable = new TreeMap<>();
        tables.forEach(t -> byTable.put(t, new ArrayList<>()));
        Array names = c.createArrayOf("text", tables.toArray());
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, schema);
            ps.setArray(2, names);
            ps.setString(3, schema);
            ps.setArray(4, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTable.get(rs.getString(1)).add(new TableGrant(rs.getString(1), rs.getString(2), rs.getString(4),
                            rs.getString(3), rs.getBoolean(5)));
                }
            }
        }
        return byTable;
    }
}
