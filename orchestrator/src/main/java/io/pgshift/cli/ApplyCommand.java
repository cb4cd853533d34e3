package io.pgshift.cli;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.directory.DirectoryApply;
import io.pgshift.directory.DirectoryPlan;
import io.pgshift.directory.Order;
import io.pgshift.directory.PlaybookFile;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.lint.Linter;
import io.pgshift.lint.rules.StandardRules;
import io.pgshift.ops.BackupPolicy;
import io.pgshift.ops.PlainJson;
import io.pgshift.ops.TargetRef;
import io.pgshift.playbook.Playbook;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.LostStepsNote;
import io.pgshift.run.RunRecord;
import io.pgshift.run.StateSchema;
import io.pgshift.run.Submission;
import io.pgshift.usecase.BackupRequest;
import io.pgshift.usecase.SubmitPlaybook;
import io.pgshift.usecase.SubmitRequest.RunOption;
import io.pgshift.usecase.SubmitRequest;
import io.pgshift.usecase.SubmitResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pgshift apply FILE}: runs a playbook to completion in this process, with a live
 * progress line. Ctrl-C pauses the run at a safe point (backfills at a batch boundary); running
 * the same command again resumes it. The same playbook already applied is reported, not re-run.
 * The submission is the daemon's use case ({@link SubmitPlaybook}) with a local apply's inputs.
 * {@code pgshift apply DIR} applies a directory's pending playbooks one after another ({@link DirectoryApply}).
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Run a playbook against a database in this process (Ctrl-C pauses; run again to resume).")
final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|DIR",
            description = "playbook YAML file, or a directory of them applied in file-name order")
    Path file;

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Option(names = "--actor", description = "who applies it, for the audit log (default: the OS user)")
    String actor = System.getProperty("user.name", "unknown");

    @Option(names = "--partitions", defaultValue = "2", description = "key ranges per backfill, run in parallel (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--threads", defaultValue = "4", description = "worker threads of this node (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "back up the playbook's existing tables (pg_dump) into DIR before the run starts; no run if it fails")
    Path backupDir;

    @Option(names = "--verify-restore", description = "with --backup-dir: prove the backup restorable in a scratch database")
    boolean verifyRestore;

    @Option(names = "--hold-before-contract", description = "stop after the gate passes (AWAITING_CONTRACT, exit 15) so the"
            + " application's new version can be deployed first; pgshift complete RUN carries on")
    boolean holdBeforeContract;

    @Option(names = "--break-glass", description = "apply although the target's policy asks for what a local apply cannot"
            + " give (an approval, a backup); needs --reason, audited")
    boolean breakGlass;

    @Option(names = "--reason", description = "with --break-glass: why, for the audit log")
    String reason;

    @Option(names = "--audit-samples", description = "let this run's audit rows quote gate samples (duplicated values)"
            + " and other sessions' queries in full; by default they are redacted (errors shown here are not)")
    boolean auditSamples;

    @Option(names = "--out-of-order", description = "with a directory: also apply pending playbooks that sort before"
            + " one already applied (refused by default)")
    boolean outOfOrder;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Linter linter = StandardRules.linter(Clock.systemUTC());
        if (Files.isDirectory(file)) {
            // every file parsed, linted and checked against the runs before the first is applied
            DirectoryPlan plan = PlaybookDirectories.plan(file, f -> Playbooks.load(f, database.resolve(), linter, err),
                    database.resolve(), state.resolve(database));
            Order order = outOfOrder ? Order.OUT_OF_ORDER : Order.STRICT;
            if (!output.json()) {
                return DirectoryApply.run(plan, order, f -> apply(f.file(), f.playbook()), spec.commandLine().getOut());
            }
            // one document: each playbook's own document nested in the directory's, the words on stderr
            List<Map<String, Object>> applied = new ArrayList<>();
            int code = DirectoryApply.run(plan, order, f -> applyCollecting(f, applied), err);
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("directory", file.toString());
            document.put("exit_code", code);
            document.put("applied", applied);
            OutputOptions.print(spec.commandLine().getOut(), document);
            return code;
        }
        if (outOfOrder) {
            throw new PgshiftException(ErrorCode.USAGE, "--out-of-order is for a directory of playbooks; " + file
                    + " is a file: leave the option out");
        }
        return apply(file, Playbooks.load(file, database.resolve(), linter, err));
    }

    /** With a directory and {@code --output json}: where each playbook's document goes, to be nested. */
    private PrintWriter documents;

    private int applyCollecting(PlaybookFile f, List<Map<String, Object>> applied) throws Exception {
        StringWriter buffer = new StringWriter();
        documents = new PrintWriter(buffer);
        try {
            int code = apply(f.file(), f.playbook());
            documents.flush();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", f.fileName());
            entry.put("exit_code", code);
            entry.put("result", buffer.getBuffer().isEmpty() ? null : PlainJson.read(buffer.toString()));
            applied.add(entry);
            return code;
        } finally {
            documents = null;
        }
    }

    /** Where a playbook's result document is printed: stdout, or the directory's collection. */
    private PrintWriter results() {
        return documents != null ? documents : spec.commandLine().getOut();
    }

    /** One playbook, already parsed and linted from {@code playbookFile}. */
    private int apply(Path playbookFile, Playbook playbook) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        // with json, stdout is the document alone: what is said along the way goes to stderr
        PrintWriter out = output.json() ? err : spec.commandLine().getOut();
        DatabaseUrl url = database.resolve();
        DatabaseUrl stateUrl = state.resolve(database);
        LocalDriver driver = new LocalDriver(url, stateUrl, partitions, threads, actor);
        try (NodeLaunch launch = driver.launch()) {
            long runId;
            final Submission.Outcome outcome;
            try (Connection c = Connections.open(stateUrl); Connection target = Connections.open(url)) {
                StateSchema.migrate(c);
                LocalPolicy local = LocalPolicy.check(target, backupDir != null, breakGlass, reason);
                // the node starts while the playbook is planned and its run created
                launch.start();
                RunPolicy policy = local.policy().runs();
                // the target's default settings fill what the playbook leaves out, as the daemon's do
                playbook = Playbooks.withTargetDefaults(playbookFile, playbook, policy);
                LocalRunHost host = new LocalRunHost(url.database(), url, stateUrl, actor);
                SubmitResult result = new SubmitPlaybook(host, Clock.systemUTC()).submit(SubmitRequest.local(playbook, actor,
                        policy, options(), backup(url, stateUrl, local, out)).withBreakGlass(local.breakGlass(reason)));
                RunRecord run = result.found();
                runId = run.id();
                outcome = result.outcome();
                switch (outcome) {
                    case ALREADY_APPLIED -> {
                        if (output.json()) {
                            print("ALREADY_APPLIED", c, target, url, run);
                            return 0;
                        }
                        out.println("playbook " + playbook.name() + " (checksum " + run.shortChecksum() + ") is already applied:"
                                + " run " + run.id() + " succeeded at " + run.finishedAt());
                        return 0;
                    }
                    case CREATED -> out.println("run " + runId + ": applying playbook " + playbook.name() + " (checksum "
                            + run.shortChecksum() + ")");
                    case RESUMED -> {
                        if (result.held()) {
                            // the hold is an operator's decision, not something a re-run should carry past
                            out.println("run " + runId + ": playbook " + playbook.name() + " is held before contract");
                            out.flush();
                            if (output.json()) {
                                print("RESUMED", c, target, url, run);
                            }
                            return LocalDriver.exitCode(run, out);
                        }
                        out.println("run " + runId + ": resuming playbook " + playbook.name() + " from " + run.state());
                    }
                    case REOPENED -> out.println("run " + runId + ": playbook " + playbook.name() + " was applied, but "
                            + LostStepsNote.of(result.lostSteps()) + "; running them again from " + result.run().state());
                }
            }
            out.flush();
            return driver.drive(launch, runId, new LocalDriver.Printed(results(), err, output.output,
                    view -> LocalDriver.document(outcome.name(), view)));
        }
    }

    private Set<RunOption> options() {
        Set<RunOption> options = EnumSet.noneOf(RunOption.class);
        if (holdBeforeContract) {
            options.add(RunOption.HOLD_BEFORE_CONTRACT);
        }
        if (auditSamples) {
            options.add(RunOption.AUDIT_SAMPLES);
        }
        return options;
    }

    /**
     * {@code --backup-dir DIR [--verify-restore]}: taken at every apply of the playbook, before its
     * run is even created, so a failed backup leaves nothing behind (no run, no change) and exits
     * 12; audited where the run's audit log lives. What it took is said at once.
     */
    private BackupRequest backup(DatabaseUrl url, DatabaseUrl stateUrl, LocalPolicy local, PrintWriter out) {
        BackupPolicy policy = BackupPolicy.of(backupDir, verifyRestore || local.policy().verifyRestore());
        return new BackupRequest(policy, new TargetRef(url.database(), url), stateUrl,
                BackupRequest.When.EVERY_SUBMISSION, taken -> {
                    out.print(taken.map(r -> r.text())
                            .orElse("no backup needed: none of the playbook's tables exists yet\n"));
                    out.flush();
                });
    }

    private void print(String outcome, Connection state, Connection target, DatabaseUrl url, RunRecord run)
            throws java.sql.SQLException {
        OutputOptions.print(results(), LocalDriver.document(outcome,
                RunDocument.detailed(state, target, url.database(), run)));
    }
}
