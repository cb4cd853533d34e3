package io.pgshift.ops;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.playbook.Sql;
import io.pgshift.playbook.TableRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Proves a dump restorable: restores it with pg_restore into a scratch database on the same
 * server (created here, always dropped WITH (FORCE)), and compares every table's row count with
 * the count taken in the dump's own snapshot.
 */
final class RestoreCheck {
    private static final String APPLICATION_NAME = "pgshift-backup-verify";
    private final PgTool tool;

    RestoreCheck(PgTool tool) {
        this.tool = tool;
    }

    void verify(DatabaseUrl source, Path dump, List<TableRef> tables, Map<String, Long> expectedRows) {
        String scratch = "pgshift_verify_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        admin(source, "CREATE DATABASE " + Sql.ident(scratch), "cannot create the scratch database for the restore check");
        try {
            DatabaseUrl scratchUrl = source.withDatabase(scratch);
            try (Connection c = Connections.open(scratchUrl, APPLICATION_NAME); Statement s = c.createStatement()) {
                // pg_dump -t does not dump CREATE SCHEMA for the tables' schemas
                for (String schema : tables.stream().map(TableRef::schema).distinct().toList()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(schema));
                }
            } catch (SQLException e) {
                throw new BackupFailedException("restore check: cannot prepare " + scratch + ": " + e.getMessage(), e);
            }
            tool.run("pg_restore", scratchUrl, List.of("--no-owner", "--no-privileges", "--exit-on-error",
                    "--dbname=" + scratch, dump.toString()));
            compareCounts(scratchUrl, tables, expectedRows);
        } catch (RuntimeException e) {
            // the restore's failure is what the operator needs; a failed drop only rides along
            try {
                drop(source, scratch);
            } catch (RuntimeException dropFailure) {
                e.addSuppressed(dropFailure);
            }
            throw e;
        }
        drop(source, scratch);
    }

    private void drop(DatabaseUrl source, String scratch) {
        admin(source, "DROP DATABASE IF EXISTS " + Sql.ident(scratch) + " WITH (FORCE)",
                "cannot drop the scratch database " + scratch + " (drop it by hand)");
    }

    private void compareCounts(DatabaseUrl scratch, List<TableRef> tables, Map<String, Long> expected) {
        // counting the restored rows scans every table: bounded like the restore, not like a short read
        try (Connection c = Connections.open(scratch, APPLICATION_NAME, tool.timeout()); Statement s = c.createStatement()) {
            for (TableRef t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t.sql())) {
                    rs.next();
                    long restored = rs.getLong(1);
                    long want = expected.get(t.display());
                    if (restored != want) {
                        throw new BackupFailedException(String.format(Locale.ROOT,
                                "restore check failed: %s has %d rows in the backup's snapshot but %d after restoring it",
                                t.display(), want, restored));
                    }
                }
            }
        } catch (SQLException e) {
            throw new BackupFailedException("restore check: cannot count the restored rows: " + e.getMessage(), e);
        }
    }

    /** CREATE and DROP DATABASE: dropping a big scratch database removes all its files, so as patient as the restore. */
    private void admin(DatabaseUrl url, String sql, String failure) {
        try (Connection c = Connections.open(url, APPLICATION_NAME, tool.timeout()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new BackupFailedException(failure + ": " + e.getMessage().split("\n", 2)[0], e);
        }
    }
}
