package io.pgshift.ops;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.TableRef;
import io.pgshift.run.StateSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The way back from a backup {@link Backups} took, in two steps so the CLI can ask for a
 * confirmation in between: {@link #prepare} checks everything and touches nothing (the file's
 * checksum first, always), {@link #restore} restores into a new database or in place, audited
 * RESTORE in the target.
 */
public final class Restores {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'_'HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_NAME_BYTES = 63;

    private final Clock clock;
    private final Duration timeout;
    private final AuditLog audit;

    public Restores(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
        this.audit = new AuditLog(clock);
    }

    public Restores(Clock clock) {
        this(clock, Duration.ofHours(6));
    }

    /**
     * Checks the request; nothing is created or changed.
     *
     * @throws BackupUntrustedException the file does not match its {@code .sha256}, or has none
     * @throws RestoreFailedException   pg_restore is not the server's version, the new database exists,
     *                                  or (in place) a table is gone or the backup is of another database
     */
    public PreparedRestore prepare(RestoreRequest request) {
        String sha256 = BackupChecksum.verify(request.file());
        DatabaseUrl url = request.target().url();
        int major = serverMajor(url);
        PgTool tool = PgTool.forServer(timeout, major);
        int toolMajor;
        try {
            toolMajor = tool.majorVersion("pg_restore", url);
        } catch (BackupFailedException e) {
            throw new RestoreFailedException(e.getMessage() + ". Nothing was touched", e);
        }
        if (toolMajor != major) {
            throw new RestoreFailedException(tool.executable("pg_restore") + " is PostgreSQL " + toolMajor
                    + ", the server runs " + major + ": set " + PgTool.BIN_ENV + " to the directory of PostgreSQL "
                    + major + "'s client programs. Nothing was touched");
        }
        DumpRestorer restorer = new DumpRestorer(tool, DumpRestorer.APPLICATION_NAME);
        DumpContents contents;
        try {
            contents = restorer.contents(url, request.file());
        } catch (BackupFailedException e) {
            throw new BackupUntrustedException("cannot read " + request.file() + " as a pg_dump archive: " + e.getMessage()
                    + ". Nothing was touched", e);
        }
        List<TableRef> tables = chosen(request, contents);
        return switch (request.mode()) {
            case NEW_DATABASE -> {
                String into = request.into().orElseGet(() -> defaultName(url.database()));
                checkName(into);
                if (restorer.exists(url, into)) {
                    throw new RestoreFailedException("database " + into + " already exists on the server: a restore only"
                            + " writes into a database it creates; choose another --into name or drop it first."
                            + " Nothing was touched");
                }
                yield new PreparedRestore(request, sha256, contents, tables, into, major);
            }
            case IN_PLACE -> {
                if (request.into().isPresent()) {
                    throw new PgshiftException(ErrorCode.USAGE, "--into names a new database; --in-place restores into the"
                            + " target's own tables: give one or the other");
                }
                if (!contents.database().equals(url.database())) {
                    throw new RestoreFailedException("the backup was taken from database " + contents.database() + ", not "
                            + url.database() + ": restore it in place only where it came from, or into a new database."
                            + " Nothing was touched");
                }
                refuseMissing(url, tables);
                yield new PreparedRestore(request, sha256, contents, tables, url.database(), major);
            }
        };
    }

    /** Restores what {@link #prepare} checked, and audits it in the target. */
    public RestoreResult restore(PreparedRestore prepared) {
        DumpRestorer restorer = new DumpRestorer(PgTool.forServer(timeout, prepared.serverMajor()), DumpRestorer.APPLICATION_NAME);
        DatabaseUrl server = prepared.request().target().url();
        return switch (prepared.mode()) {
            case NEW_DATABASE -> intoNewDatabase(prepared, restorer, server);
            case IN_PLACE -> inPlace(prepared, restorer, server);
        };
    }

    private RestoreResult intoNewDatabase(PreparedRestore prepared, DumpRestorer restorer, DatabaseUrl server) {
        String into = prepared.database();
        List<String> notes = restorer.restoreInto(server, into, prepared.request().file(), prepared.contents());
        DatabaseUrl url = server.withDatabase(into);
        RestoreResult result;
        try {
            dropUnchosen(url, prepared);
            result = new RestoreResult(prepared, restorer.rowCounts(url, prepared.tables()), notes);
        } catch (RuntimeException e) {
            dropAfter(restorer, server, into, e);
            throw e;
        }
        try (Connection c = Connections.open(server, DumpRestorer.APPLICATION_NAME)) {
            StateSchema.migrate(c);
            audit.append(c, entry(result));
        } catch (SQLException e) {
            throw new RestoreFailedException("restored into database " + into + " but not audited in "
                    + server.database() + ": " + DumpRestorer.firstLine(e) + "; the restored database is kept", e);
        }
        return result;
    }

    private RestoreResult inPlace(PreparedRestore prepared, DumpRestorer restorer, DatabaseUrl server) {
        String scratch = "pgshift_restore_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        // keys and triggers the scratch copy could not take do not matter: only its rows are used
        restorer.restoreInto(server, scratch, prepared.request().file(), prepared.contents());
        Map<String, Long> rows;
        try {
            DatabaseUrl copy = server.withDatabase(scratch);
            Map<String, Long> expected = restorer.rowCounts(copy, prepared.tables());
            rows = new InPlaceSwap(timeout, audit).swap(server, copy, prepared.tables(), expected,
                    counted -> entry(new RestoreResult(prepared, counted, List.of())));
        } catch (RuntimeException e) {
            dropAfter(restorer, server, scratch, e);
            throw e;
        }
        restorer.drop(server, scratch);
        return new RestoreResult(prepared, rows, List.of());
    }

    /** Drops a database this restore created; the restore's own failure is what the operator needs first. */
    private static void dropAfter(DumpRestorer restorer, DatabaseUrl server, String database, RuntimeException failure) {
        try {
            restorer.drop(server, database);
        } catch (RuntimeException dropFailure) {
            failure.addSuppressed(dropFailure);
        }
    }

    private AuditEntry entry(RestoreResult result) {
        return new AuditEntry(result.restore().request().actor(), AuditAction.RESTORE, null, result.details());
    }

    /** The new database holds the chosen tables only; what else the dump held is dropped again. */
    private static void dropUnchosen(DatabaseUrl url, PreparedRestore prepared) {
        List<TableRef> others = prepared.contents().tables().stream().filter(t -> !prepared.tables().contains(t)).toList();
        if (others.isEmpty()) {
            return;
        }
        try (Connection c = Connections.open(url, DumpRestorer.APPLICATION_NAME); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + String.join(", ", others.stream().map(TableRef::sql).toList()) + " CASCADE");
        } catch (SQLException e) {
            throw new RestoreFailedException("restored into " + url.database() + " but cannot drop the tables not asked for: "
                    + DumpRestorer.firstLine(e), e);
        }
    }

    private static List<TableRef> chosen(RestoreRequest request, DumpContents contents) {
        if (contents.tables().isEmpty()) {
            throw new BackupUntrustedException(request.file() + " holds no table: is it a pgshift backup? Nothing was touched");
        }
        if (request.tables().isEmpty()) {
            return contents.tables();
        }
        List<String> unknown = request.tables().stream().filter(t -> !contents.tables().contains(t))
                .map(TableRef::display).toList();
        if (!unknown.isEmpty()) {
            throw new PgshiftException(ErrorCode.USAGE, "the backup holds no table " + String.join(", ", unknown)
                    + "; it holds " + String.join(", ", contents.tables().stream().map(TableRef::display).toList()));
        }
        return request.tables().stream().distinct().toList();
    }

    private static void refuseMissing(DatabaseUrl url, List<TableRef> tables) {
        try (Connection c = Connections.open(url, DumpRestorer.APPLICATION_NAME); Statement s = c.createStatement()) {
            for (TableRef t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT to_regclass(" + Quoting.literal(t.sql()) + ") IS NULL")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        throw new RestoreFailedException("table " + t.display() + " no longer exists in " + url.database()
                                + ": an in-place restore replaces rows, it does not re-create tables; restore into a new"
                                + " database and copy it back. Nothing was touched");
                    }
                }
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot reach " + url + ": " + DumpRestorer.firstLine(e), e);
        }
    }

    private static int serverMajor(DatabaseUrl url) {
        try (Connection c = Connections.open(url, DumpRestorer.APPLICATION_NAME); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "cannot reach " + url + ": " + DumpRestorer.firstLine(e)
                    + "; nothing was touched", e);
        }
    }

    private String defaultName(String database) {
        String suffix = "_restore_" + STAMP.format(clock.instant());
        String base = database;
        while ((base + suffix).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            base = base.substring(0, base.length() - 1);
        }
        return base + suffix;
    }

    private static void checkName(String into) {
        if (into.isBlank() || into.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES || into.indexOf('\0') >= 0) {
            throw new PgshiftException(ErrorCode.USAGE, "--into '" + into + "' is not a database name: 1 to "
                    + MAX_NAME_BYTES + " bytes");
        }
    }
}
