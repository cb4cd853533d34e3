package io.pgshift.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.apply.LocalNode;
import io.pgshift.apply.LocalNodeSpec;
import io.pgshift.apply.ProgressReader;
import io.pgshift.apply.RunReport;
import io.pgshift.audit.AuditLog;
import io.pgshift.audit.AuditObserver;
import io.pgshift.console.Output;
import io.pgshift.console.ProgressPrinter;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.engine.EngineSettings;
import io.pgshift.engine.RunJobs;
import io.pgshift.engine.OperatorRequests;
import io.pgshift.error.ErrorCode;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import io.pgshift.sync.SyncTriggerView;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives a run in this process until it ends, fails, pauses or holds before contract, with the
 * progress line and the report: what {@code pgshift apply} and {@code pgshift complete} share.
 * A node joins the target's Quartz cluster for the run's driver and backfill partitions. Ctrl-C
 * (SIGINT, SIGTERM) pauses the run at a safe point; the same command resumes it.
 */
final class LocalDriver {
    private final DatabaseUrl url;
    private final DatabaseUrl stateUrl;
    private final int partitions;
    private final int threads;
    private final String actor;
    private final StepStore steps = new StepStore();
    private final RunStore runs = new RunStore(steps);
    private final AuditLog audit = new AuditLog(Clock.systemUTC());

    /** {@code actor}: who pauses the run on Ctrl-C, for the audit log. */
    LocalDriver(DatabaseUrl url, DatabaseUrl stateUrl, int partitions, int threads, String actor) {
        this.url = url;
        this.stateUrl = stateUrl;
        this.partitions = partitions;
        this.threads = threads;
        this.actor = actor;
    }

    /**
     * Drives run {@code runId} with the progress line on {@code err} (stdout carries the result
     * alone), then prints the report (text) or the run as the API shows it (json) on {@code out}.
     * Returns the process's exit code for where it stopped; the next command to type goes to
     * {@code err} with json, where it cannot spoil the document.
     *
     * @param shape with json, what is printed of the run's API view (apply: {@link #document})
     */
    int drive(long runId, PrintWriter out, PrintWriter err, Output output, UnaryOperator<Map<String, Object>> shape)
            throws Exception {
        try (NodeLaunch launch = launch()) {
            return drive(launch, runId, new Printed(out, err, output, shape));
        }
    }

    /**
     * This process's node, not started yet: {@link NodeLaunch#start()} once the command knows it
     * will drive a run, so that its start overlaps the planning and the creation of the run.
     */
    NodeLaunch launch() throws java.net.UnknownHostException {
        String node = "apply-" + ProcessHandle.current().pid() + "-" + java.net.InetAddress.getLocalHost().getHostName();
        EngineSettings settings = EngineSettings.of(partitions, EngineSettings.DEFAULT_LEASE_TTL);
        return new NodeLaunch(new LocalNodeSpec(url, stateUrl, node, Math.max(threads, partitions + 1), settings,
                Clock.systemUTC(), new SimpleMeterRegistry(), AuditObserver.NONE));
    }

    /**
     * Where and how the end of a drive is printed: the progress line and the next command on
     * {@code err} (with json, where they cannot spoil the document), the report or the run on {@code out}.
     *
     * @param shape with json, what is printed of the run's API view (apply: {@link #document})
     */
    record Printed(PrintWriter out, PrintWriter err, Output output, UnaryOperator<Map<String, Object>> shape) {
    }

    /**
     * Drives run {@code runId} on the launched node until it stops, then prints the report (text)
     * or the run as the API shows it (json). Returns the process's exit code for where it stopped.
     * The node is stopped by whoever closes {@code launch}, after the report.
     */
    int drive(NodeLaunch launch, long runId, Printed printed) throws Exception {
        PrintWriter out = printed.out();
        RunRecord run = drive(launch.node(), runId, printed.err());
        try (Connection c = Connections.open(stateUrl, "pgshift-apply");
             Connection target = stateUrl.jdbcUrl().equals(url.jdbcUrl()) ? null : Connections.open(url, "pgshift-apply")) {
            if (printed.output() == Output.JSON) {
                OutputOptions.print(out, printed.shape().apply(RunDocument.detailed(c, target == null ? c : target,
                        url.database(), run)));
                return exitCode(run, printed.err());
            }
            out.println(RunReport.render(run, steps.list(c, runId),
                    SyncTriggerView.ofRun(c, target == null ? c : target, runId)));
        }
        out.flush();
        return exitCode(run, out);
    }

    /** {@code {"outcome": "CREATED", "run": {...}}}: the shape of the API's answer to a submission. */
    static Map<String, Object> document(String outcome, Map<String, Object> run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        body.put("run", run);
        return body;
    }

    /** Drives run {@code runId} on {@code local} until it stops, the progress line on {@code progressTo}. */
    private RunRecord drive(LocalNode local, long runId, PrintWriter progressTo) throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread pauseOnCtrlC = new Thread(() -> pauseOnInterrupt(runId, interrupted, local));
        Runtime.getRuntime().addShutdownHook(pauseOnCtrlC);
        RunJobs.schedule(local.scheduler(), runId);
        ProgressPrinter printer = new ProgressPrinter(progressTo, Terminal.detect().interactive());
        RunRecord run = new RunWatcher(url, stateUrl, runs, new ProgressReader(steps), printer).watch(runId);
        printer.done();
        if (run.state().isHalted()) {
            awaitIdle(local);
        }
        if (!interrupted.get()) {
            Runtime.getRuntime().removeShutdownHook(pauseOnCtrlC);
        }
        return run;
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

    /** The exit code of a run that stopped where {@code run} is, with the next command printed. */
    static int exitCode(RunRecord run, PrintWriter out) {
        try {
            return nextStep(run, out);
        } finally {
            out.flush();
        }
    }

    private static int nextStep(RunRecord run, PrintWriter out) {
        if (run.state() == RunState.SUCCEEDED) {
            return 0;
        }
        if (run.state() == RunState.PAUSED) {
            out.println("run " + run.id() + " is paused; run the same command again to resume it");
            return ErrorCode.RUN_PAUSED.exitCode();
        }
        if (run.state() == RunState.AWAITING_CONTRACT) {
            out.println("run " + run.id() + " is held before contract: the gate passed and nothing is tightened yet.");
            out.println("deploy the application version that writes the new columns, then: pgshift complete " + run.id());
            return ErrorCode.RUN_HELD.exitCode();
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
    private void pauseOnInterrupt(long runId, AtomicBoolean interrupted, LocalNode local) {
        interrupted.set(true);
        try (Connection c = Connections.open(stateUrl, "pgshift-apply-stop")) {
            RunRecord run = runs.find(c, runId).orElseThrow();
            if (run.state().isPhase()) {
                new OperatorRequests(runs, audit).pause(c, runId, actor + " (Ctrl-C)");
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
