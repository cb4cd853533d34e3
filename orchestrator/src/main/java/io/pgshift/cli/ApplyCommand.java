package io.pgshift.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.apply.LocalNode;
import io.pgshift.apply.ProgressReader;
import io.pgshift.apply.RunReport;
import io.pgshift.apply.StateSchema;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.catalog.PlaybookNames;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.engine.EngineSettings;
import io.pgshift.engine.RunJobs;
import io.pgshift.engine.RunResumer;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.lint.rules.StandardRules;
import io.pgshift.plan.Plan;
import io.pgshift.playbook.Playbook;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import io.pgshift.run.Submission;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Run a playbook against a database in this process (Ctrl-C pauses; run again to resume).")
final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "playbook YAML file")
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Playbook playbook = Playbooks.load(file, StandardRules.linter(Clock.systemUTC()), err);
        DatabaseUrl url = database.resolve();
        DatabaseUrl stateUrl = state.resolve(database);
        StepStore steps = new StepStore();
        RunStore runs = new RunStore(steps);
        AuditLog audit = new AuditLog(Clock.systemUTC());
        long runId;
        try (Connection c = Connections.open(stateUrl); Connection target = Connections.open(url)) {
            StateSchema.migrate(c);
            Plan plan = io.pgshift.engine.Plans.plan(target, playbook);
            ApplyBackup.takeIfAsked(backupDir, verifyRestore, url, stateUrl, playbook, actor, out);
            Submission submission = runs.createOrResume(c, playbook, plan, actor, PlaybookNames.tables(playbook));
            RunRecord run = submission.run();
            runId = run.id();
            switch (submission.outcome()) {
                case ALREADY_APPLIED -> {
                    out.println("playbook " + playbook.name() + " (checksum " + run.shortChecksum() + ") is already applied:"
                            + " run " + run.id() + " succeeded at " + run.finishedAt());
                    return 0;
                }
                case CREATED -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("playbook", playbook.name());
                    details.put("checksum", playbook.checksum());
                    details.put("yaml", playbook.source());
                    audit.append(c, new AuditEntry(actor, AuditAction.SUBMITTED, runId, details));
                    out.println("run " + runId + ": applying playbook " + playbook.name() + " (checksum "
                            + run.shortChecksum() + ")");
                }
                case RESUMED -> {
                    new RunResumer(runs, audit).resume(c, runId, actor);
                    out.println("run " + runId + ": resuming playbook " + playbook.name() + " from " + run.state());
                }
            }
        }
        out.flush();
        return drive(url, stateUrl, runId, runs, steps, audit, out);
    }

    private int drive(DatabaseUrl url, DatabaseUrl stateUrl, long runId, RunStore runs, StepStore steps, AuditLog audit,
                      PrintWriter out) throws Exception {
        String node = "apply-" + ProcessHandle.current().pid() + "-" + java.net.InetAddress.getLocalHost().getHostName();
        EngineSettings settings = new EngineSettings(partitions, EngineSettings.DEFAULT.gateChunkRows(),
                EngineSettings.DEFAULT.maxRebackfills(), EngineSettings.DEFAULT.poll());
        AtomicBoolean interrupted = new AtomicBoolean();
        try (LocalNode local = LocalNode.start(url, stateUrl, node, Math.max(threads, partitions + 1), settings,
                Clock.systemUTC(), new SimpleMeterRegistry(), io.pgshift.audit.AuditObserver.NONE)) {
            Thread pauseOnCtrlC = new Thread(() -> pauseOnInterrupt(stateUrl, runId, runs, audit, interrupted, local));
            Runtime.getRuntime().addShutdownHook(pauseOnCtrlC);
            RunJobs.schedule(local.scheduler(), runId);
            ProgressPrinter printer = new ProgressPrinter(out, System.console() != null);
            RunRecord run = new RunWatcher(url, stateUrl, runs, new ProgressReader(steps), printer).watch(runId);
            printer.done();
            if (run.state().isHalted()) {
                awaitIdle(local);
            }
            if (!interrupted.get()) {
                Runtime.getRuntime().removeShutdownHook(pauseOnCtrlC);
            }
            try (Connection c = Connections.open(stateUrl, "pgshift-apply")) {
                out.println(RunReport.render(run, steps.list(c, runId)));
            }
            out.flush();
            return exitCode(run, out);
        }
    }

    /**
     * An operator's pause reaches the driver at its next poll and the partitions at their next batch
     * boundary, where they record themselves PAUSED. Closing the node before that would interrupt
     * them and leave partitions RUNNING under a paused run, so wait (bounded) for this node's jobs.
     */
    private static void awaitIdle(LocalNode local) throws Exception {
        for (int i = 0; i < 120 && !local.scheduler().getCurrentlyExecutingJobs().isEmpty(); i++) {
            Thread.sleep(250);
        }
    }

    private static int exitCode(RunRecord run, PrintWriter out) {
        if (run.state() == RunState.SUCCEEDED) {
            return 0;
        }
        if (run.state() == RunState.PAUSED) {
            out.println("run " + run.id() + " is paused; run the same command again to resume it");
            return ErrorCode.RUN_PAUSED.exitCode();
        }
        out.println("run " + run.id() + " is " + run.state() + (run.error() == null ? "" : ": " + run.error()));
        out.println("fix the cause, then run the same command to retry from where it stopped, or: pgshift rollback "
                + run.id());
        return ErrorCode.RUN_FAILED.exitCode();
    }

    /**
     * Ctrl-C: the run is paused in the database (audited), the driver notices at its next check
     * and the backfill partitions stop at their batch boundary; then the node shuts down.
     */
    private void pauseOnInterrupt(DatabaseUrl url, long runId, RunStore runs, AuditLog audit, AtomicBoolean interrupted,
                                  LocalNode local) {
        interrupted.set(true);
        try (Connection c = Connections.open(url, "pgshift-apply-stop")) {
            RunRecord run = runs.find(c, runId).orElseThrow();
            if (run.state().isPhase()) {
                new RunResumer(runs, audit).pause(c, runId, actor + " (Ctrl-C)");
                System.err.println("\npgshift: pausing run " + runId + " at a safe point; run the same command to resume");
            }
            awaitIdle(local);
            local.close();
        } catch (Exception e) {
            System.err.println("pgshift: could not pause run " + runId + " cleanly: " + e.getMessage()
                    + "; it resumes from its last checkpoint when applied again");
        }
    }
}
