package io.pgshift.cli;

import io.pgshift.ops.BackupDirectory;
import io.pgshift.ops.BackupResult;
import io.pgshift.ops.BackupSpec;
import io.pgshift.ops.Backups;
import io.pgshift.ops.TargetRef;
import io.pgshift.playbook.TableRef;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift backup --tables users,grades}: the runbooks' backup-database.sh, checksummed and audited. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up tables with pg_dump (custom format): SHA-256, optional verifying restore, audited BACKUP_TAKEN.")
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--tables", required = true, split = ",", paramLabel = "TABLE",
            description = "tables to dump: table or schema.table, comma separated")
    List<String> tables;

    @Option(names = "--schema", defaultValue = "public", description = "schema of unqualified table names (default: ${DEFAULT-VALUE})")
    String schema;

    @Option(names = "--dir", paramLabel = "DIR", description = "where the dump goes, created 0700; refused when another"
            + " user owns it or others may write to it (default: $XDG_STATE_HOME/pgshift/backups, else ~/.local/state/pgshift/backups)")
    Path dir;

    @Option(names = "--verify-restore", description = "restore the dump into a scratch database and compare row counts")
    boolean verifyRestore;

    @Option(names = "--actor", description = "who takes it, for the audit log (default: the OS user)")
    String actor = System.getProperty("user.name", "unknown");

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        TargetRef ref = target.resolve();
        List<TableRef> refs = tables.stream().map(t -> TableRef.parse(t.trim(), schema)).toList();
        Path into = dir != null ? dir : BackupDirectory.defaultPath(System.getenv());
        BackupResult result = new Backups(Clock.systemUTC()).take(ref, new BackupSpec(refs, into, verifyRestore), actor,
                Map.of());
        PrintWriter out = spec.commandLine().getOut();
        // json: the API's backup result (the job's result, docs/API.md)
        out.print(output.json() ? io.pgshift.ops.PlainJson.write(result.details()) : result.text());
        out.flush();
        return 0;
    }
}
