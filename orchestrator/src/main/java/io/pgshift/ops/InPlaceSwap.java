package io.pgshift.ops;

import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.SqlStates;
import io.pgshift.playbook.TableRef;
import io.pgshift.run.StateSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * Replaces the rows of live tables with the rows a restored copy holds, in ONE transaction of the
 * target: take ACCESS EXCLUSIVE locks (under lock_timeout, retried), check the columns still match,
 * TRUNCATE, COPY the backup's rows in, count them, append the audit row, commit. Any failure rolls
 * all of it back: the tables keep their rows.
 *
 * <p>The rows are first copied out of the restored copy into private files, so the locks are held
 * only for the TRUNCATE and the COPY in. Sequences are left as they are: moving one back would hand
 * out again ids that rows written since the backup (now removed) had, and that other systems may
 * still hold.
 */
final class InPlaceSwap {
    static final int LOCK_ATTEMPTS = 5;
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FIRST_WAIT = Duration.ofMillis(500);

    private final Duration timeout;
    private final AuditLog audit;

    InPlaceSwap(Duration timeout, AuditLog audit) {
        this.timeout = timeout;
        this.audit = audit;
    }

    /**
     * Swaps {@code tables}' rows for those in {@code copy}; {@code auditEntry} turns the row counts
     * into the audit row committed with them.
     */
    Map<String, Long> swap(DatabaseUrl target, DatabaseUrl copy, List<TableRef> tables, Map<String, Long> expected,
                           Function<Map<String, Long>, AuditEntry> auditEntry) {
        Path dir = privateDirectory();
        try {
            return replace(target, exportRows(copy, tables, dir), expected, auditEntry);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The restored copy's rows, out of it and into private files, one per table.
     *
     * @param tables  in the order the swap locks and reports them
     * @param columns each table's columns as the backup has them
     * @param files   each table's rows, in COPY's text format
     */
    private record ExportedRows(List<TableRef> tables, Map<TableRef, TableColumns> columns, Map<TableRef, Path> files) {
    }

    private ExportedRows exportRows(DatabaseUrl copy, List<TableRef> tables, Path dir) {
        Map<TableRef, TableColumns> backup = new LinkedHashMap<>();
        Map<TableRef, Path> data = new LinkedHashMap<>();
        try (Connection c = Connections.open(copy, DumpRestorer.APPLICATION_NAME, timeout)) {
            var copier = c.unwrap(PGConnection.class).getCopyAPI();
            int i = 0;
            for (TableRef t : tables) {
                TableColumns columns = TableColumns.read(c, t);
                Path file = dir.resolve("table-" + i++ + ".copy");
                try (OutputStream out = Files.newOutputStream(file)) {
                    copier.copyOut("COPY " + t.sql() + " (" + columns.copyList() + ") TO STDOUT", out);
                }
                backup.put(t, columns);
                data.put(t, file);
            }
            return new ExportedRows(tables, backup, data);
        } catch (SQLException | IOException e) {
            throw new RestoreFailedException("cannot read the restored rows: " + e.getMessage().split("\n", 2)[0]
                    + "; nothing was changed", e);
        }
    }

    private Map<String, Long> replace(DatabaseUrl target, ExportedRows exported, Map<String, Long> expected,
                                      Function<Map<String, Long>, AuditEntry> auditEntry) {
        List<TableRef> tables = exported.tables();
        String list = String.join(", ", tables.stream().map(TableRef::sql).toList());
        try (Connection c = Connections.open(target, DumpRestorer.APPLICATION_NAME, timeout)) {
            // the audit row commits with the rows, so its tables must exist before the transaction
            StateSchema.migrate(c);
            c.setAutoCommit(false);
            try {
                lock(c, list, tables);
                refuseActiveRuns(c, tables);
                refuseChanged(c, tables, exported.columns());
                refuseReferenced(c, tables);
                try (Statement s = c.createStatement()) {
                    // no CASCADE: a table outside the backup is never emptied on the way
                    s.execute("TRUNCATE " + list);
                }
                Map<String, Long> rows = copyIn(c, exported);
                if (!rows.equals(expected)) {
                    throw new RestoreFailedException("the tables would hold " + rows + " rows, the backup holds " + expected
                            + "; rolled back, nothing was changed");
                }
                audit.append(c, auditEntry.apply(rows));
                c.commit();
                return rows;
            } catch (SQLException | IOException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("restoring " + tables.stream().map(TableRef::display).toList()
                    + " in place failed: " + DumpRestorer.firstLine(e) + "; rolled back, nothing was changed", e);
        } catch (IOException e) {
            throw new RestoreFailedException("cannot read the restored rows back: " + e.getMessage()
                    + "; rolled back, nothing was changed", e);
        }
    }

    /** COPY of each table's rows, referenced tables first; the counts in {@code tables}' order. */
    private static Map<String, Long> copyIn(Connection c, ExportedRows exported) throws SQLException, IOException {
        List<TableRef> tables = exported.tables();
        var copier = c.unwrap(PGConnection.class).getCopyAPI();
        Map<TableRef, Long> copied = new HashMap<>();
        for (TableRef t : ReferenceOrder.order(tables, ReferenceOrder.read(c, tables))) {
            try (InputStream in = Files.newInputStream(exported.files().get(t))) {
                copied.put(t, copier.copyIn("COPY " + t.sql() + " (" + exported.columns().get(t).copyList() + ") FROM STDIN",
                        in));
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        tables.forEach(t -> rows.put(t.display(), copied.get(t)));
        return rows;
    }

    /** ACCESS EXCLUSIVE on every table at once, waiting at most lock_timeout each try, retried with jitter. */
    private static void lock(Connection c, String list, List<TableRef> tables) throws SQLException {
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; ; attempt++) {
            try (Statement s = c.createStatement()) {
                s.execute("SAVEPOINT pgshift_lock");
                s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT.toMillis() + "ms'");
                s.execute("LOCK TABLE " + list + " IN ACCESS EXCLUSIVE MODE");
                // the locks are held: the COPY may now take as long as it takes
                s.execute("SET LOCAL lock_timeout = 0");
                s.execute("SET LOCAL statement_timeout = 0");
                s.execute("RELEASE SAVEPOINT pgshift_lock");
                return;
            } catch (SQLException e) {
                if (!SqlStates.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                if (attempt == LOCK_ATTEMPTS) {
                    throw new RestoreFailedException("could not lock " + tables.stream().map(TableRef::display).toList()
                            + " in " + LOCK_ATTEMPTS + " tries of " + LOCK_TIMEOUT.toSeconds() + " s: other sessions hold"
                            + " them (see pg_locks); nothing was changed, run the restore again when they are done", e);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK TO SAVEPOINT pgshift_lock");
                }
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration wait) {
        long jittered = wait.toMillis() / 2 + ThreadLocalRandom.current().nextLong(wait.toMillis() / 2 + 1);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted while waiting for the tables' locks; nothing was changed", e);
        }
    }

    /**
     * A run still working on a table (its sync trigger, backfill or contract) would write over the
     * restored rows or fail on them: the operator cancels or rolls it back first. Runs kept in a
     * separate state database are not seen here.
     */
    private static void refuseActiveRuns(Connection c, List<TableRef> tables) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rt.run_id, r.playbook_name, rt.table_schema, rt.table_name"
                + " FROM pgshift.run_table rt JOIN pgshift.run r ON r.id = rt.run_id WHERE rt.active"
                + " AND (rt.table_schema, rt.table_name) IN (SELECT * FROM unnest(?::text[], ?::text[])) ORDER BY 1, 3, 4")) {
            ps.setArray(1, c.createArrayOf("text", tables.stream().map(TableRef::schema).toArray()));
            ps.setArray(2, c.createArrayOf("text", tables.stream().map(TableRef::name).toArray()));
            List<String> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add("run " + rs.getLong(1) + " (" + rs.getString(2) + ") on "
                            + new TableRef(rs.getString(3), rs.getString(4)).display());
                }
            }
            if (!runs.isEmpty()) {
                throw new RestoreFailedException(String.join(", ", runs) + " is still active: cancel it or roll it back"
                        + " (pgshift cancel RUN, pgshift rollback RUN) before restoring its tables. Nothing was changed");
            }
        }
    }

    private static void refuseChanged(Connection c, List<TableRef> tables, Map<TableRef, TableColumns> backup)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        for (TableRef t : tables) {
            Optional<String> mismatch = backup.get(t).mismatch(TableColumns.read(c, t));
            mismatch.ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new RestoreFailedException(String.join("; ", problems) + ". Nothing was changed");
        }
    }

    /** TRUNCATE of a table another table references fails, and CASCADE would empty that one too: say which. */
    private static void refuseReferenced(Connection c, List<TableRef> tables) throws SQLException {
        String[] names = tables.stream().map(TableRef::sql).toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, conrelid::regclass::text, confrelid::regclass::text"
                + " FROM pg_constraint WHERE contype = 'f' AND confrelid = ANY (?::regclass[])"
                + " AND NOT conrelid = ANY (?::regclass[]) ORDER BY 2, 1")) {
            ps.setArray(1, c.createArrayOf("text", names));
            ps.setArray(2, c.createArrayOf("text", names));
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add("foreign key " + rs.getString(1) + " of " + rs.getString(2) + " references " + rs.getString(3));
                }
            }
            if (!keys.isEmpty()) {
                throw new RestoreFailedException(String.join(", ", keys) + ", and the restore does not replace "
                        + (keys.size() == 1 ? "that table" : "those tables") + ": restore them together (a backup of all"
                        + " of them, --tables naming all of them) or drop the key first. Nothing was changed");
            }
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static Path privateDirectory() {
        try {
            return Files.createTempDirectory("pgshift-restore",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new RestoreFailedException("cannot create a private temporary directory: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // the restore's own outcome matters more; the directory is private and says what it is
            dir.toFile().deleteOnExit();
        }
    }
}
