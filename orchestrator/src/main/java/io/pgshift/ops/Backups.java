package io.pgshift.ops;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.operation.PlaybookNames;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.IdleTransactions;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import io.pgshift.run.StateSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Table-level backups with pg_dump (custom format), as the runbooks take before a change:
 * exact row counts are taken in the very snapshot pg_dump dumps (exported, then passed with
 * {@code --snapshot}), the file's SHA-256 is recorded next to it and in the audit log, and a
 * restore into a scratch database can prove it usable.
 */
public final class Backups {
    private final Clock clock;
    private final AuditLog audit;
    private final PgTool tool;

    public Backups(Clock clock, Duration timeout) {
        this.clock = clock;
        this.audit = new AuditLog(clock);
        this.tool = new PgTool(timeout);
    }

    public Backups(Clock clock) {
        this(clock, Duration.ofHours(6));
    }

    /**
     * Before a run expands: backs up the playbook's tables that already exist, when the policy
     * requires it. Empty when it does not, or when every table is yet to be created.
     *
     * @throws BackupFailedException the run must not start
     */
    public Optional<BackupResult> takeBefore(TargetRef target, Playbook playbook, BackupPolicy policy, String actor) {
        return takeBefore(target, playbook, policy, actor, target.url());
    }

    /** As above, audited in {@code auditIn}: the target, or the separate state database that keeps its audit log. */
    public Optional<BackupResult> takeBefore(TargetRef target, Playbook playbook, BackupPolicy policy, String actor,
                                             DatabaseUrl auditIn) {
        if (!policy.required()) {
            return Optional.empty();
        }
        List<TableRef> existing = existing(target, List.copyOf(PlaybookNames.tables(playbook)));
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("playbook", playbook.name());
        context.put("checksum", playbook.checksum());
        return Optional.of(take(target, new BackupSpec(existing, policy.dir(), policy.verifyRestore()), actor, context,
                auditIn));
    }

    /** Dumps the spec's tables into a new file of its directory, audited BACKUP_TAKEN in the target. */
    public BackupResult take(TargetRef target, BackupSpec spec, String actor, Map<String, Object> context) {
        return take(target, spec, actor, context, target.url());
    }

    private BackupResult take(TargetRef target, BackupSpec spec, String actor, Map<String, Object> context,
                              DatabaseUrl auditIn) {
        List<TableRef> tables = spec.tables();
        boolean verifyRestore = spec.verifyRestore();
        BackupDirectory into = BackupDirectory.prepare(spec.dir());
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        Path file = null;
        Path partial = null;
        boolean written = false;
        try {
            // both names are created here, exclusively: two backups never share a file, and
            // pg_dump only ever writes into a file this process made 0600
            file = into.reserve(target.name() + "-" + target.url().database(), clock.instant());
            partial = BackupDirectory.createPrivateSibling(file, ".partial");
            dumpInOneSnapshot(target, tables, partial, rows, sizes);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written = true;
        } catch (IOException e) {
            throw new BackupFailedException("cannot write the backup in " + into.path() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
            if (!written) {
                deleteQuietly(file);
            }
        }
        String sha256 = sha256(file);
        try {
            Files.writeString(BackupDirectory.createPrivateSibling(file, ".sha256"),
                    sha256 + "  " + file.getFileName() + "\n", StandardCharsets.UTF_8);
            if (verifyRestore) {
                new RestoreCheck(tool).verify(target.url(), file, tables, rows);
            }
            BackupResult result = new BackupResult(target, file, sha256, Files.size(file), tables, rows, sizes, verifyRestore);
            audited(target, result, actor, context, auditIn);
            return result;
        } catch (IOException e) {
            throw new BackupFailedException("cannot write the checksum of " + file + ": " + e.getMessage(), e);
        }
    }

    private void dumpInOneSnapshot(TargetRef target, List<TableRef> tables, Path file, Map<String, Long> rows,
                                   Map<String, Long> sizes) {
        // the exact counts are scans of whole tables: bounded like the dump itself, not like a short read
        try (Connection c = Connections.open(target.url(), "pgshift-backup", tool.timeout())) {
            // this transaction idles on purpose while pg_dump imports its snapshot: the server's setting applies
            IdleTransactions.serverDefault(c);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                String snapshot;
                try (ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
                    rs.next();
                    snapshot = rs.getString(1);
                }
                List<String> missing = tables.stream().filter(t -> !exists(c, t)).map(TableRef::display).toList();
                if (!missing.isEmpty()) {
                    throw new BackupFailedException("cannot back up " + String.join(", ", missing) + ": no such table in database "
                            + target.url().database() + " of target " + target.name() + "; nothing was dumped");
                }
                for (TableRef t : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*), pg_total_relation_size('" + t.sql().replace("'", "''")
                            + "'::regclass) FROM " + t.sql())) {
                        rs.next();
                        rows.put(t.display(), rs.getLong(1));
                        sizes.put(t.display(), rs.getLong(2));
                    }
                }
                List<String> args = new ArrayList<>(List.of("--format=custom", "--no-password", "--strict-names",
                        "--snapshot=" + snapshot, "--file=" + file));
                for (TableRef t : tables) {
                    args.add("--table=" + t.sql());
                }
                // the exporting transaction must stay open while pg_dump imports its snapshot
                tool.run("pg_dump", target.url(), args);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new BackupFailedException("cannot back up target " + target + ": " + e.getMessage().split("\n", 2)[0], e);
        }
    }

    private static boolean exists(Connection c, TableRef t) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new BackupFailedException("cannot look up table " + t + ": " + e.getMessage(), e);
        }
    }

    private static List<TableRef> existing(TargetRef target, List<TableRef> tables) {
        try (Connection c = Connections.open(target.url(), "pgshift-backup")) {
            return tables.stream().filter(t -> exists(c, t)).toList();
        } catch (SQLException e) {
            throw new BackupFailedException("cannot reach target " + target + ": " + e.getMessage().split("\n", 2)[0], e);
        }
    }

    private void audited(TargetRef target, BackupResult result, String actor, Map<String, Object> context,
                         DatabaseUrl auditIn) {
        Map<String, Object> details = new LinkedHashMap<>(context);
        details.putAll(result.details());
        try (Connection c = Connections.open(auditIn, "pgshift-backup")) {
            StateSchema.migrate(c);
            audit.append(c, new AuditEntry(actor, AuditAction.BACKUP_TAKEN, null, details));
        } catch (SQLException e) {
            throw new BackupFailedException("backup written to " + result.file() + " but not audited in "
                    + (auditIn.equals(target.url()) ? "target " + target.name() : "the state database " + auditIn.database())
                    + ": " + e.getMessage().split("\n", 2)[0], e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new BackupFailedException("cannot read back " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover .partial or empty reserved .dump is harmless and clearly named; the
            // backup's own outcome (its exception, already on its way) matters more
        }
    }
}
