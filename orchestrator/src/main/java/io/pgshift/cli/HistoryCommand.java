package io.pgshift.cli;

import io.pgshift.client.RemoteHistory;
import io.pgshift.client.ServerOptions;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.RunFilter;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift history}: every run on this database, newest first (the runbooks' migrate:status). */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List the runs of this database (or of a daemon's target), newest first.")
final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Mixin
    ServerOptions server;

    /** With --target NAME and no daemon: the config the name is looked up in. */
    @Mixin
    ConfigOptions config;

    @Mixin
    OutputOptions output;

    @Option(names = "--limit", defaultValue = "50", description = "how many runs (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // checked here, not by the database or the daemon, so both modes refuse it alike
        if (limit < 0) {
            throw new PgshiftException(ErrorCode.USAGE, "--limit must be 0 or more, got " + limit);
        }
        List<RunRecord> runs;
        if (server.given(database.url)) {
            if (state.url != null) {
                throw ServerOptions.notWithServer("--state-database-url",
                        "the daemon reads each target's runs where its configuration keeps them");
            }
            runs = RemoteHistory.list(server, limit);
        } else {
            try (Connection c = StateAccess.open(state.resolve(database))) {
                runs = new RunStore(new StepStore()).list(c, RunFilter.ALL, limit, 0);
            }
        }
        if (output.json()) {
            String name = server.given(database.url) ? server.target() : RunDocument.targetName(database, state);
            OutputOptions.print(out, java.util.Map.of("runs", runs.stream().map(r -> RunDocument.plain(name, r)).toList()));
            return 0;
        }
        out.println(String.format(Locale.ROOT, "%-5s %-28s %-12s %-12s %-14s %-20s %s", "run", "playbook", "checksum",
                "state", "by", "created", "finished"));
        for (RunRecord r : runs) {
            out.println(String.format(Locale.ROOT, "%-5d %-28s %-12s %-12s %-14s %-20s %s", r.id(), r.playbookName(),
                    r.shortChecksum(), r.state(), r.submittedBy(), Times.short_(r.createdAt()),
                    Times.short_(r.finishedAt())));
        }
        if (runs.isEmpty()) {
            out.println("(no runs yet)");
        }
        out.flush();
        return 0;
    }
}
