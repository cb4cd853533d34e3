package io.pgshift.ops;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.TableRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores a dump with pg_restore into a database it creates on the server of {@code server}.
 * The database must not exist: a restore never writes into anything it did not make. When the
 * restore fails the database is dropped again, so a failure leaves the server as it was.
 */
final class DumpRestorer {
    static final String APPLICATION_NAME = "pgshift-restore";
    private final PgTool tool;
    private final String applicationName;

    /** {@code applicationName}: how its sessions show in pg_stat_activity (a restore, a backup's restore check). */
    DumpRestorer(PgTool tool, String applicationName) {
        this.tool = tool;
        this.applicationName = applicationName;
    }

    /** What {@code dump} holds, from {@code pg_restore --list} (no connection is made). */
    DumpContents contents(DatabaseUrl server, Path dump) {
        return DumpContents.parse(tool.output("pg_restore", server, List.of("--list", dump.toString())));
    }

    /**
     * Creates {@code database} and restores {@code dump} into it. Foreign keys and triggers that
     * refer outside the dump cannot be restored (the tables they need are not there); they are
     * returned as notes instead of failing the whole restore.
     *
     * @throws RestoreFailedException the database exists, cannot be created, or pg_restore failed
     */
    List<String> restoreInto(DatabaseUrl server, String database, Path dump, DumpContents contents) {
        create(server, database);
        try {
            DatabaseUrl url = server.withDatabase(database);
            prepare(server, url, contents.tables());
            PgTool.Outcome inward = restore(url, database, dump, contents.inward(), true);
            if (inward.exitCode() != 0) {
                throw inward.failure("pg_restore");
            }
            List<String> notes = new ArrayList<>();
            if (!contents.outward().isEmpty()) {
                PgTool.Outcome outward = restore(url, database, dump, contents.outward(), false);
                if (outward.exitCode() != 0) {
                    notes.add("foreign keys or triggers not restored (they need objects outside the backup): "
                            + DatabaseUrl.redact(firstError(outward.stderr())));
                }
            }
            return notes;
        } catch (RuntimeException e) {
            // the restore's failure is what the operator needs; a failed drop only rides along
            try {
                drop(server, database);
            } catch (RuntimeException dropFailure) {
                e.addSuppressed(dropFailure);
            }
            if (e instanceof BackupFailedException) {
                throw new RestoreFailedException("restoring into " + database + " failed, the database is dropped again: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    private PgTool.Outcome restore(DatabaseUrl url, String database, Path dump, List<String> entries, boolean exitOnError) {
        Path list = useList(entries);
        try {
            return tool.attempt("pg_restore", url, args(database, dump, list, exitOnError));
        } finally {
            try {
                Files.deleteIfExists(list);
            } catch (IOException e) {
                // a leftover list names objects, never data, and sits in the temporary directory
                list.toFile().deleteOnExit();
            }
        }
    }

    private static List<String> args(String database, Path dump, Path list, boolean exitOnError) {
        List<String> args = new ArrayList<>(List.of("--no-owner", "--no-privileges", "--use-list=" + list,
                "--dbname=" + database));
        if (exitOnError) {
            args.add("--exit-on-error");
        }
        args.add(dump.toString());
        return args;
    }

    /** A list file for {@code --use-list}: the entries pg_restore restores, in the archive's order. */
    private static Path useList(List<String> entries) {
        try {
            Path list = Files.createTempFile("pgshift-restore", ".list");
            Files.write(list, entries, StandardCharsets.UTF_8);
            return list;
        } catch (IOException e) {
            throw new RestoreFailedException("cannot write pg_restore's list of entries: " + e.getMessage(), e);
        }
    }

    private static String firstError(String stderr) {
        return stderr.lines().filter(l -> l.contains("ERROR:")).findFirst()
                .orElse(stderr.lines().findFirst().orElse("no message")).strip();
    }

    /** The exact row count of each table in {@code url}. */
    Map<String, Long> rowCounts(DatabaseUrl url, List<TableRef> tables) {
        // counting scans whole tables: bounded like the restore, not like a short read
        try (Connection c = Connections.open(url, applicationName, tool.timeout()); Statement s = c.createStatement()) {
            Map<String, Long> rows = new LinkedHashMap<>();
            for (TableRef t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t.sql())) {
                    rs.next();
                    rows.put(t.display(), rs.getLong(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot count the restored rows in " + url.database() + ": " + firstLine(e), e);
        }
    }

    boolean exists(DatabaseUrl server, String database) {
        try (Connection c = Connections.open(server, applicationName);
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot reach " + server + ": " + firstLine(e), e);
        }
    }

    private void create(DatabaseUrl server, String database) {
        if (exists(server, database)) {
            throw new RestoreFailedException("database " + database + " already exists on the server: a restore only"
                    + " writes into a database it creates; choose another --into name or drop it first. Nothing was restored");
        }
        admin(server, "CREATE DATABASE " + Quoting.ident(database), "cannot create database " + database);
    }

    void drop(DatabaseUrl server, String database) {
        admin(server, "DROP DATABASE IF EXISTS " + Quoting.ident(database) + " WITH (FORCE)",
                "cannot drop database " + database + " (drop it by hand)");
    }

    /** What pg_dump --table leaves out and the tables need first: their schemas, their enum types. */
    private void prepare(DatabaseUrl source, DatabaseUrl url, List<TableRef> tables) {
        List<EnumTypes.EnumType> types;
        try (Connection c = Connections.open(source, applicationName)) {
            types = EnumTypes.usedBy(c, tables);
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot read the enum types of the backup's tables in " + source.database()
                    + ": " + firstLine(e), e);
        }
        try (Connection c = Connections.open(url, applicationName); Statement s = c.createStatement()) {
            for (String schema : tables.stream().map(TableRef::schema).distinct().toList()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + Quoting.ident(schema));
            }
            for (EnumTypes.EnumType type : types) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + Quoting.ident(type.schema()));
                s.execute(type.createSql());
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("cannot prepare " + url.database() + " for the restore: " + firstLine(e), e);
        }
    }

    /** CREATE and DROP DATABASE: dropping a big database removes all its files, so as patient as the restore. */
    private void admin(DatabaseUrl url, String sql, String failure) {
        try (Connection c = Connections.open(url, applicationName, tool.timeout()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new RestoreFailedException(failure + ": " + firstLine(e), e);
        }
    }

    static String firstLine(SQLException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().split("\n", 2)[0];
    }
}
