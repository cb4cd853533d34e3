package io.pgshift.cli;

import io.pgshift.audit.AuditLog;
import io.pgshift.directory.PlaybookDirectory;
import io.pgshift.directory.PlaybookFile;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.repair.ChecksumRepair;
import io.pgshift.repair.RepairResult;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pgshift repair NAME --accept-checksum --reason TEXT}: an applied playbook was edited on
 * purpose; its run accepts the edited file's checksum ({@link ChecksumRepair}), audited.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = "Accept an intended edit of an applied playbook: its run takes the edited file's checksum"
                + " (audited with the reason), so apply no longer refuses the file as changed.")
final class RepairCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the playbook's name (its name: key)")
    String name;

    @Option(names = "--accept-checksum", required = true,
            description = "store the edited file's checksum for the playbook's applied run (the only repair there is)")
    boolean acceptChecksum;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why the edit is intended, for the audit log")
    String reason;

    @Option(names = "--playbook", paramLabel = "FILE|DIR", defaultValue = ".",
            description = "the edited playbook, or the directory holding it (default: the current directory)")
    Path playbook;

    @Option(names = "--actor", description = "who repairs it, for the audit log (default: the OS user)")
    String actor = System.getProperty("user.name", "unknown");

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (reason.isBlank()) {
            throw new PgshiftException(ErrorCode.USAGE, "--reason is empty: say why the edit is intended, for the audit log");
        }
        PlaybookFile edited = edited();
        RepairResult result;
        try (Connection c = StateAccess.open(state.resolve(database))) {
            result = new ChecksumRepair(new RunStore(new StepStore()), new AuditLog(Clock.systemUTC()))
                    .accept(c, edited.playbook(), edited.file().toString(), reason, actor);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("playbook", name);
            json.put("run_id", result.run().id());
            json.put("file", edited.file().toString());
            json.put("previous_checksum", result.previous());
            json.put("accepted_checksum", result.accepted());
            OutputOptions.print(out, json);
            return 0;
        }
        out.println("playbook " + name + ": run " + result.run().id() + " now accepts checksum "
                + result.accepted().substring(0, 12) + " of " + edited.file() + " (was " + result.previous().substring(0, 12)
                + "); recorded in the audit log");
        out.flush();
        return 0;
    }

    /** The playbook named NAME: the file given, or the file of the directory given that has that name. */
    private PlaybookFile edited() {
        PlaybookParser parser = new PlaybookParser();
        if (Files.isDirectory(playbook)) {
            return PlaybookDirectory.read(playbook, parser::parse).stream()
                    .filter(f -> f.playbook().name().equals(name)).findFirst()
                    .orElseThrow(() -> new PgshiftException(ErrorCode.USAGE, "no playbook in " + playbook + " is named '"
                            + name + "': give the edited file with --playbook FILE"));
        }
        Playbook parsed = parser.parse(playbook);
        if (!parsed.name().equals(name)) {
            throw new PgshiftException(ErrorCode.USAGE, playbook + " is playbook '" + parsed.name() + "', not '" + name
                    + "': give the edited file of '" + name + "' with --playbook FILE");
        }
        return new PlaybookFile(playbook, parsed);
    }
}
