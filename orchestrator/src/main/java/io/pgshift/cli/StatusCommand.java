package io.pgshift.cli;

import io.pgshift.apply.BackfillLines;
import io.pgshift.apply.ProgressLine;
import io.pgshift.apply.ProgressReader;
import io.pgshift.apply.RunReport;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.PartitionProgress;
import io.pgshift.client.RemoteStatus;
import io.pgshift.client.ServerOptions;
import io.pgshift.directory.DirectoryPlan;
import io.pgshift.directory.DirectoryStatus;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.RunFilter;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import io.pgshift.sync.RelianceReader;
import io.pgshift.sync.SyncTrigger;
import io.pgshift.sync.SyncTriggerState;
import io.pgshift.sync.SyncTriggerStore;
import io.pgshift.sync.SyncTriggerView;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pgshift status [RUN]}: the runs in progress, or one run in detail (steps, partitions,
 * progress); {@code --all-targets --config FILE} is {@code targets status} over every configured target;
 * {@code pgshift status DIR} lists a directory's playbooks with their state ({@link DirectoryStatus}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the runs that have not ended, or one run with its steps and backfill partitions;"
                + " with --all-targets, every configured target's playbooks and the drift between them (exit 11).")
final class StatusCommand implements Callable<Integer> {
    /** How many of the latest ended runs are looked at for what the target lost of them since. */
    static final int ENDED_LOOKED_AT = 50;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = RunIdParameter.LABEL + "|DIR",
            description = RunIdParameter.DESCRIPTION + ", or a directory of playbooks to list with their state")
    String runOrDirectory;

    @Mixin
    OutputOptions output;

    @Mixin
    FormatAlias formatAlias;

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Mixin
    ServerOptions server;

    @Option(names = "--all-targets", description = "every target of --config side by side, as pgshift targets status")
    boolean allTargets;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (allTargets) {
            return TargetsCommand.report(config.all("--all-targets"), output.output, out);
        }
        if (runOrDirectory != null && !RunIdParameter.isRunId(runOrDirectory)) {
            return directory(Path.of(runOrDirectory), out);
        }
        Long runId = runOrDirectory == null ? null : Long.valueOf(runOrDirectory);
        if (server.given(database.url)) {
            return output.json() ? RemoteStatus.printJson(server, runId, out) : RemoteStatus.print(server, runId, out);
        }
        StepStore steps = new StepStore();
        RunStore runs = new RunStore(steps);
        try (Connection c = StateAccess.open(state.resolve(database)); Connection target = target(c)) {
            ProgressReader progress = new ProgressReader(steps);
            if (output.json()) {
                json(out, runId, runs, c, target);
                return 0;
            }
            if (runId == null) {
                List<RunRecord> active = runs.list(c, new RunFilter(open(), null), 100, 0);
                if (active.isEmpty()) {
                    out.println("no runs in progress (pgshift history lists past runs)");
                }
                for (RunRecord run : active) {
                    out.println(String.format(Locale.ROOT, "run %d  %s  %s", run.id(), run.playbookName(),
                            ProgressLine.render(progress.read(c, target, run))));
                }
                retained(out, c, target);
                for (Map.Entry<RunRecord, RunLosses> ended : endedWithLosses(runs, c).entrySet()) {
                    // not in progress, but the target lost part of it since: an operator has to act
                    RunRecord run = ended.getKey();
                    for (String line : ended.getValue().lines(run)) {
                        out.println(String.format(Locale.ROOT, "run %d  %s  %s, %s", run.id(), run.playbookName(),
                                run.state(), line));
                    }
                }
            } else {
                RunRecord run = runs.find(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
                out.println(ProgressLine.render(progress.read(c, target, run)));
                out.print(RunReport.render(run, steps.list(c, runId), SyncTriggerView.ofRun(c, target, runId)));
                losses(c, run).lines(run).forEach(line -> out.println("  " + line));
                if (target != null) {
                    Optional<BackfillStatus> backfill = ProgressReader.latestBackfill(target, runId);
                    backfill.ifPresent(b -> partitions(out, b));
                }
            }
        }
        out.flush();
        return 0;
    }

    /** Each playbook of {@code dir} with its state, in file order, and a summary line. */
    private int directory(Path dir, PrintWriter out) throws java.sql.SQLException {
        if (!Files.isDirectory(dir)) {
            throw new PgshiftException(ErrorCode.USAGE, "'" + dir + "' is neither a run id (pgshift history lists them)"
                    + " nor a directory of playbooks");
        }
        if (server.given(database.url)) {
            throw ServerOptions.notWithServer("status DIR", "it reads the runs from the state database directly");
        }
        DirectoryPlan plan = PlaybookDirectories.status(dir, f -> new PlaybookParser().parse(f),
                // the runs live in the state database; the target, when given, tells which steps it lost
                database.given() ? Optional.of(database.resolve()) : Optional.empty(), state.resolve(database));
        out.print(output.json() ? DirectoryStatus.json(plan) : DirectoryStatus.text(plan));
        out.flush();
        return 0;
    }

    /** {@code {"runs": [...]}} as the API lists them, or the one run as the API shows it. */
    private void json(PrintWriter out, Long runId, RunStore runs, Connection c, Connection target)
            throws java.sql.SQLException {
        String name = RunDocument.targetName(database, state);
        if (runId == null) {
            List<Object> active = new java.util.ArrayList<>();
            for (RunRecord run : runs.list(c, new RunFilter(open(), null), 100, 0)) {
                active.add(RunDocument.summary(c, target, name, run));
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("runs", active);
            List<Object> lost = new java.util.ArrayList<>();
            for (Map.Entry<RunRecord, RunLosses> ended : endedWithLosses(runs, c).entrySet()) {
                Map<String, Object> summary = RunDocument.summary(c, target, name, ended.getKey());
                ended.getValue().into(summary);
                lost.add(summary);
            }
            if (!lost.isEmpty()) {
                // only then: otherwise the document is the list as the API shows it
                document.put("ended_with_losses", lost);
            }
            OutputOptions.print(out, document);
        } else {
            RunRecord run = runs.find(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
            Map<String, Object> document = RunDocument.detailed(c, target, name, run);
            // only when there are: otherwise the document is the run as the API shows it
            losses(c, run).into(document);
            OutputOptions.print(out, document);
        }
    }

    /**
     * What the target has lost since of a run that succeeded or was rolled back (a failover to a
     * standby behind it): only with the state apart and the target given, nothing otherwise.
     */
    private RunLosses losses(Connection c, RunRecord run) throws java.sql.SQLException {
        return losses(c, List.of(run)).getOrDefault(run, RunLosses.NONE);
    }

    /**
     * The latest {@value #ENDED_LOOKED_AT} runs that succeeded or were rolled back and of which the
     * target has lost something since, newest first. Only with the state apart and the target given
     * (empty otherwise).
     */
    private Map<RunRecord, RunLosses> endedWithLosses(RunStore runs, Connection c) throws java.sql.SQLException {
        if (!targetTellsLosses()) {
            return Map.of();
        }
        return losses(c, runs.list(c, RunFilter.inStates(RunState.SUCCEEDED, RunState.ROLLED_BACK), ENDED_LOOKED_AT, 0));
    }

    /** Those of {@code ended} the target has lost something of, in order: one target session, two small reads per run. */
    private Map<RunRecord, RunLosses> losses(Connection c, List<RunRecord> ended) throws java.sql.SQLException {
        Map<RunRecord, RunLosses> lost = new LinkedHashMap<>();
        if (!targetTellsLosses()) {
            return lost;
        }
        try (TargetLosses losses = TargetLosses.of(database.resolve(), state.resolve(database), c)) {
            for (RunRecord run : ended) {
                RunLosses of = RunLosses.of(losses, run);
                if (of.any()) {
                    lost.put(run, of);
                }
            }
        }
        return lost;
    }

    /** Only a target apart from the state, and given, can tell what a failover took from it. */
    private boolean targetTellsLosses() {
        return state.separate() && database.given();
    }

    private static Set<RunState> open() {
        return Arrays.stream(RunState.values()).filter(s -> !s.isTerminal()).collect(Collectors.toSet());
    }

    /**
     * Where the backfill checkpoints are: the state database itself, or, with a separate state
     * database, the target when --database-url names it (null otherwise: partitions are left out).
     * A shared connection is wrapped so that closing the target does not close the state.
     */
    private Connection target(Connection stateConnection) throws java.sql.SQLException {
        if (!state.separate()) {
            return new UnclosableConnection(stateConnection).proxy();
        }
        return database.given() ? io.pgshift.db.Connections.open(database.resolve()) : null;
    }

    /** Sync triggers that finished runs keep for writers that omit their columns, with their evidence. */
    private static void retained(PrintWriter out, Connection c, Connection target) throws java.sql.SQLException {
        SyncTriggerStore store = new SyncTriggerStore();
        RelianceReader reliance = new RelianceReader(store);
        for (SyncTrigger t : store.live(c)) {
            if (t.state() == SyncTriggerState.RETAINED) {
                out.println(String.format(Locale.ROOT, "run %d  sync trigger %s on %s retained: %s", t.runId(), t.name(),
                        t.table().display(), reliance.read(c, target, t).describe()));
            }
        }
    }

    private static void partitions(PrintWriter out, BackfillStatus b) {
        out.println(BackfillLines.backfill(b.backfillId(), b.state().name(), b.rowsWritten(), b.rowsScanned()));
        for (PartitionProgress p : b.partitions()) {
            out.println(BackfillLines.partition(p.partitionNo(), p.state().name(), p.rowsScanned(), p.why()));
        }
    }
}
