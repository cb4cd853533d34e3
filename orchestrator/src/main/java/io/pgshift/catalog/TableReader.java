package io.pgshift.catalog;

import io.pgshift.playbook.TableRef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads one table, given its oid, inside the transaction {@link CatalogReader} opened. */
final class TableReader {
    // Never analysed nor vacuumed: reltuples is -1 since PostgreSQL 14; before, 0 with relpages 0
    // (as for an empty table that was analysed, which is then also read as unknown).
    private static final String SIZE_SQL = """
            SELECT CASE WHEN c.reltuples = 0 AND c.relpages = 0 AND current_setting('server_version_num')::int < 140000
                        THEN -1 ELSE c.reltuples::bigint END,
                   pg_total_relation_size(c.oid)
              FROM pg_class c WHERE c.oid = ?::oid""";
    private static final String COLUMNS_SQL = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attnum
              FROM pg_attribute a
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum""";
    // Key columns only (INCLUDE columns come after indnkeyatts); an expression key (attnum 0) as its text.
    private static final String INDEXES_SQL = """
            SELECT ic.relname, i.indisunique, i.indisprimary, i.indisvalid, i.indpred IS NOT NULL,
                   pg_get_indexdef(i.indexrelid),
                   ARRAY(SELECT CASE WHEN k.attnum <> 0 THEN a.attname::text
                                     ELSE pg_get_indexdef(i.indexrelid, k.ord::int, true) END
                           FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                           LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                          WHERE k.ord <= i.indnkeyatts
                          ORDER BY k.ord)
              FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = ?::oid
             ORDER BY ic.relname""";
    // A unique or primary key constraint counts as validated once its index is valid: a partitioned
    // table's, created ONLY on the parent, stays INVALID until every partition's index is attached.
    private static final String CONSTRAINTS_SQL = """
            SELECT con.conname, con.contype, pg_get_constraintdef(con.oid),
                   con.convalidated AND (con.contype NOT IN ('u', 'p', 'x')
                       OR coalesce((SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = con.conindid), true)),
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                          ORDER BY k.ord),
                   fn.nspname, fc.relname,
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                          ORDER BY k.ord)
              FROM pg_constraint con
              LEFT JOIN pg_class fc ON fc.oid = con.confrelid
              LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
             WHERE con.conrelid = ?::oid
             ORDER BY con.conname""";
    private static final String TRIGGERS_SQL = """
            SELECT t.tgname FROM pg_trigger t WHERE t.tgrelid = ?::oid AND NOT t.tgisinternal ORDER BY t.tgname""";
    // An expression in the key is attnum 0 in partattrs.
    private static final String PARTITION_KEY_SQL = """
            SELECT pg_get_partkeydef(pt.partrelid),
                   ARRAY(SELECT a.attname::text FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum
                          ORDER BY k.ord),
                   0 = ANY (pt.partattrs::int2[])
              FROM pg_partitioned_table pt WHERE pt.partrelid = ?::oid""";
    private static final String PARTITIONS_SQL = """
            SELECT c.oid, n.nspname, c.relname, c.relkind
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE i.inhparent = ?::oid
             ORDER BY n.nspname, c.relname""";

    private final Connection c;

    TableReader(Connection c) {
        this.c = c;
    }

    /** The table; a partitioned one with its partitions, each read the same way (sub-partitions too). */
    TableInfo read(long oid, TableRef ref) throws SQLException {
        long[] sizes = query(SIZE_SQL, oid, rs -> new long[] {rs.getLong(1), rs.getLong(2)}).get(0);
        return new TableInfo(ref.schema(), ref.name(), sizes[0], sizes[1],
                query(COLUMNS_SQL, oid, rs -> new ColumnInfo(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4), rs.getInt(5))),
                query(INDEXES_SQL, oid, rs -> new IndexInfo(rs.getString(1), strings(rs.getArray(7)),
                        rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5), rs.getString(6))),
                query(CONSTRAINTS_SQL, oid, rs -> new ConstraintInfo(rs.getString(1), rs.getString(2).charAt(0),
                        strings(rs.getArray(5)), rs.getString(3), rs.getBoolean(4), rs.getString(6),
                        rs.getString(7), strings(rs.getArray(8)))),
                query(TRIGGERS_SQL, oid, rs -> rs.getString(1)), partitioning(oid));
    }

    private record Child(long oid, TableRef ref, char kind) {
    }

    private Partitioning partitioning(long oid) throws SQLException {
        List<Partitioning> key = query(PARTITION_KEY_SQL, oid, rs -> new Partitioning(rs.getString(1),
                strings(rs.getArray(2)), rs.getBoolean(3), List.of(), List.of()));
        if (key.isEmpty()) {
            return Partitioning.NONE;
        }
        List<Child> children = query(PARTITIONS_SQL, oid,
                rs -> new Child(rs.getLong(1), new TableRef(rs.getString(2), rs.getString(3)), rs.getString(4).charAt(0)));
        List<TableInfo> partitions = new ArrayList<>();
        List<TableRef> foreign = new ArrayList<>();
        for (Child child : children) {
            if (child.kind() == 'f') {
                foreign.add(child.ref());
            } else {
                partitions.add(read(child.oid(), child.ref()));
            }
        }
        Partitioning k = key.get(0);
        return new Partitioning(k.keyDefinition(), k.keyColumns(), k.keyHasExpressions(), partitions, foreign);
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs a query whose only parameter is the table's oid; one element per row. */
    private <T> List<T> query(String sql, long oid, Row<T> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
                return rows;
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
