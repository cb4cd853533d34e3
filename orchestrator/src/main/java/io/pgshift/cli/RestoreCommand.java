package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.ops.PreparedRestore;
import io.pgshift.ops.RestoreMode;
import io.pgshift.ops.RestoreRequest;
import io.pgshift.ops.RestoreResult;
import io.pgshift.ops.Restores;
import io.pgshift.ops.TargetRef;
import io.pgshift.playbook.TableRef;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pgshift restore BACKUP}: the way back from {@code pgshift backup}. The checksum is checked
 * first, always; by default the backup goes into a new database, and in place only once confirmed.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a pgshift backup (checksum verified first) into a new database, or --in-place into the"
                + " original tables (ACCESS EXCLUSIVE lock; writes since the backup are lost); audited RESTORE.")
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BACKUP", description = "the .dump file pgshift backup wrote (FILE.sha256 beside it)")
    Path file;

    @Mixin
    TargetOptions target;

    @Option(names = "--into", paramLabel = "NAME", description = "the new database to create and restore into;"
            + " refused if it exists (default: <database>_restore_<UTC yyyyMMdd_HHmmss>)")
    String into;

    @Option(names = "--in-place", description = "replace the rows of the backup's tables in the database itself, in one"
            + " transaction under ACCESS EXCLUSIVE locks; rows written since the backup are lost")
    boolean inPlace;

    @Option(names = "--yes", description = "confirm --in-place without the prompt (for scripts)")
    boolean yes;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "restore only these tables of the backup: table or schema.table, comma separated (default: all)")
    List<String> tables = List.of();

    @Option(names = "--schema", defaultValue = "public", paramLabel = "SCHEMA",
            description = "schema of unqualified table names (default: ${DEFAULT-VALUE})")
    String schema;

    @Mixin
    OutputOptions output;

    @Option(names = "--actor", paramLabel = "NAME", description = "who restores, for the audit log (default: the OS user)")
    String actor = System.getProperty("user.name", "unknown");

    @Override
    public Integer call() {
        Console console = System.console();
        if (inPlace && !yes && console == null) {
            throw new PgshiftException(ErrorCode.USAGE, "--in-place replaces the tables' rows and needs a confirmation:"
                    + " run it in a terminal to type the database name, or pass --yes. Nothing was touched");
        }
        TargetRef ref = target.resolve();
        List<TableRef> refs = tables.stream().map(t -> TableRef.parse(t.trim(), schema)).toList();
        RestoreRequest request = new RestoreRequest(ref, file, inPlace ? RestoreMode.IN_PLACE : RestoreMode.NEW_DATABASE,
                Optional.ofNullable(into), refs, actor);
        Restores restores = new Restores(Clock.systemUTC());
        PreparedRestore prepared = restores.prepare(request);
        if (inPlace && !yes) {
            confirm(console, prepared);
        }
        RestoreResult result = restores.restore(prepared);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.print(out, result.details());
        } else {
            out.print(result.text());
            out.flush();
        }
        return 0;
    }

    private static void confirm(Console console, PreparedRestore prepared) {
        console.printf("This will %s.%nIt takes an ACCESS EXCLUSIVE lock on them; rows written since the backup are lost.%n",
                prepared.summary());
        String typed = console.readLine("Type the database name (%s) to go on: ", prepared.database());
        if (typed == null || !typed.strip().equals(prepared.database())) {
            throw new PgshiftException(ErrorCode.USAGE, "not confirmed (typed '" + (typed == null ? "" : typed.strip())
                    + "', not '" + prepared.database() + "'). Nothing was touched");
        }
    }
}
