package io.pgshift.catalog;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Reads what the planner needs of the live database in one repeatable-read, read-only
 * transaction, so every table is seen as of the same instant: the tables, what depends on them
 * ({@link Dependent}), and the relations the playbook names. Names are always passed as
 * parameters and resolved through pg_namespace/pg_class, never spliced into SQL.
 */
public final class CatalogReader {
    private static final String RELATION_SQL = """
            SELECT c.oid, c.relkind
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?""";
    private static final String ENUM_SQL = """
            SELECT e.enumlabel
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_enum e ON e.enumtypid = t.oid
             WHERE n.nspname = ? AND t.typname = ? AND t.typtype = 'e'
             ORDER BY e.enumsortorder""";
    private static final String INDEX_TABLE_SQL = """
            SELECT c.oid, n.nspname, c.relname, c.relkind
              FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE i.indexrelid = ?::oid AND c.relkind IN ('r', 'p')""";

    // Clones of a partitioned table's foreign key on its partitions (conparentid set) are left out.
    private static final String INBOUND_KEYS_SQL = """
            SELECT n.nspname, c.relname, con.conname,
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
              FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE con.contype = 'f' AND con.confrelid = ?::oid AND con.conparentid = 0
             ORDER BY n.nspname, c.relname, con.conname""";

    public CatalogSnapshot read(Connection c, Set<TableRef> tables) {
        return read(c, tables, Set.of());
    }

    /**
     * Tables that do not exist (or are not tables) are absent from the snapshot's tables;
     * {@code relationNames} (and the tables) that exist get their relkind in {@code relations}. A
     * relation name that is an index brings its table into the snapshot too.
     */
    public CatalogSnapshot read(Connection c, Set<TableRef> tables, Set<TableRef> relationNames) {
        return read(c, tables, relationNames, Set.of());
    }

    /** As {@link #read(Connection, Set, Set)}, with the labels of the {@code enumTypes} that exist. */
    public CatalogSnapshot read(Connection c, Set<TableRef> tables, Set<TableRef> relationNames, Set<TableRef> enumTypes) {
        return inSnapshot(c, tx -> readInTransaction(tx, tables, relationNames, enumTypes, Detail.WITH_DEPENDENTS));
    }

    /**
     * Every table (plain or partitioned) of {@code schema}, listed and read in the same snapshot;
     * without dependents (comparing schemas does not need them, and a big schema would pay a query per table).
     */
    public CatalogSnapshot readSchema(Connection c, String schema) {
        return inSnapshot(c, tx -> readInTransaction(tx, listTables(tx, schema), Set.of(), Set.of(), Detail.TABLES));
    }

    private interface SnapshotRead {
        CatalogSnapshot read(Connection tx) throws SQLException;
    }

    private static CatalogSnapshot inSnapshot(Connection c, SnapshotRead read) {
        try {
            requireNoOpenTransaction(c);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                return read.read(c);
            } finally {
                // read-only: nothing to keep, and rollback also ends a transaction a failed query aborted
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "could not read the catalog: " + e.getMessage(), e);
        }
    }

    private static Set<TableRef> listTables(Connection tx, String schema) throws SQLException {
        Set<TableRef> tables = new java.util.LinkedHashSet<>();
        try (PreparedStatement ps = tx.prepareStatement("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname""")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableRef(schema, rs.getString(1)));
                }
            }
        }
        return tables;
    }

    private static void requireNoOpenTransaction(Connection c) throws SQLException {
        BaseConnection pg = c.unwrap(BaseConnection.class);
        if (pg.getTransactionState() != TransactionState.IDLE) {
            throw new IllegalStateException("the catalog must be read on a connection with no open transaction");
        }
    }

    /** Whether the tables' dependents are read: what a plan needs, a schema comparison does not. */
    private enum Detail { TABLES, WITH_DEPENDENTS }

    private static CatalogSnapshot readInTransaction(Connection c, Set<TableRef> tables, Set<TableRef> relationNames,
                                                     Set<TableRef> enumTypes, Detail detail) throws SQLException {
        String database;
        String version;
        int versionNum;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), current_setting('server_version'),"
                     + " current_setting('server_version_num')::int")) {
            rs.next();
            database = rs.getString(1);
            version = rs.getString(2);
            versionNum = rs.getInt(3);
        }
        Set<TableRef> names = new HashSet<>(relationNames);
        names.addAll(tables);
        Map<TableRef, Character> relations = new HashMap<>();
        Map<TableRef, Long> toRead = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(RELATION_SQL)) {
            for (TableRef name : names) {
                ps.setString(1, name.schema());
                ps.setString(2, name.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    char kind = rs.getString(2).charAt(0);
                    relations.put(name, kind);
                    if (tables.contains(name) && (kind == 'r' || kind == 'p')) {
                        toRead.put(name, rs.getLong(1));
                    } else if (kind == 'i' || kind == 'I') {
                        // an index the playbook names (drop_index may omit its table): its table is read too
                        indexTable(c, rs.getLong(1), relations, toRead);
                    }
                }
            }
        }
        Map<TableRef, TableInfo> infos = new HashMap<>();
        List<Dependent> dependents = new ArrayList<>();
        List<InboundKey> inboundKeys = new ArrayList<>();
        TableReader tableReader = new TableReader(c);
        DependentsReader dependentsReader = new DependentsReader(c);
        for (Map.Entry<TableRef, Long> t : toRead.entrySet()) {
            infos.put(t.getKey(), tableReader.read(t.getValue(), t.getKey()));
            if (detail == Detail.WITH_DEPENDENTS) {
                dependents.addAll(dependentsReader.read(t.getValue(), t.getKey()));
                inboundKeys.addAll(inboundKeys(c, t.getValue(), t.getKey()));
            }
        }
        return new CatalogSnapshot(database, version, versionNum, infos, relations, enumLabels(c, enumTypes), dependents,
                inboundKeys);
    }

    private static List<InboundKey> inboundKeys(Connection c, long oid, TableRef referenced) throws SQLException {
        List<InboundKey> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INBOUND_KEYS_SQL)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new InboundKey(referenced, strings(rs, 6), new TableRef(rs.getString(1), rs.getString(2)),
                            strings(rs, 4), strings(rs, 5), rs.getString(3)));
                }
            }
        }
        return keys;
    }

    private static List<String> strings(ResultSet rs, int column) throws SQLException {
        return List.of((String[]) rs.getArray(column).getArray());
    }

    private static void indexTable(Connection c, long indexOid, Map<TableRef, Character> relations,
                                   Map<TableRef, Long> toRead) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INDEX_TABLE_SQL)) {
            ps.setLong(1, indexOid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    TableRef table = new TableRef(rs.getString(2), rs.getString(3));
                    relations.put(table, rs.getString(4).charAt(0));
                    toRead.putIfAbsent(table, rs.getLong(1));
                }
            }
        }
    }

    /** The labels of each enum type that exists, in their sort order (an enum without labels: an empty list). */
    private static Map<TableRef, List<String>> enumLabels(Connection c, Set<TableRef> types) throws SQLException {
        Map<TableRef, List<String>> labels = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(ENUM_SQL)) {
            for (TableRef type : types) {
                ps.setString(1, type.schema());
                ps.setString(2, type.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> list = labels.computeIfAbsent(type, t -> new ArrayList<>());
                        if (rs.getString(1) != null) {
                            list.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        return labels;
    }
}
