package io.pgshift.cli;

import io.pgshift.run.RunFilter;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift history}: every run on this database, newest first (the runbooks' migrate:status). */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List the runs of this database, newest first.")
final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Option(names = "--limit", defaultValue = "50", description = "how many runs (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection c = StateAccess.open(state.resolve(database))) {
            var runs = new RunStore(new StepStore()).list(c, RunFilter.ALL, limit, 0);
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
        }
        out.flush();
        return 0;
    }
}
