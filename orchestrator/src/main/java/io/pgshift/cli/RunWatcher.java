package io.pgshift.cli;

import io.pgshift.apply.ProgressLine;
import io.pgshift.apply.ProgressReader;
import io.pgshift.console.ProgressPrinter;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.exec.RetryClassifier;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Shows a run's progress until it ends, fails, pauses or waits for an operator. A database that goes away for a while
 * (a restart, a network blip) is waited for, up to {@link #PATIENCE}: the run's own workers and
 * driver retry on their side, and the progress line says what is happening.
 */
final class RunWatcher {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunWatcher.class);
    static final Duration PATIENCE = Duration.ofMinutes(5);
    /**
     * The line is redrawn every half second from a few short reads: one silent for longer says the
     * database is out of reach now, better shown than waited for (the run goes on regardless).
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Two small reads per poll; at 500 ms the end of a run was noticed 0.25 s late on average. A
     * run's change of state is heard at once ({@link RunStore#STATE_CHANGES}), so the poll only paces the line.
     */
    static final Duration POLL = Duration.ofMillis(200);
    private final DatabaseUrl url;
    private final DatabaseUrl stateUrl;
    private final RunStore runs;
    private final ProgressReader progress;
    private final ProgressPrinter printer;

    RunWatcher(DatabaseUrl url, DatabaseUrl stateUrl, RunStore runs, ProgressReader progress, ProgressPrinter printer) {
        this.url = url;
        this.stateUrl = stateUrl;
        this.runs = runs;
        this.progress = progress;
        this.printer = printer;
    }

    RunRecord watch(long runId) throws SQLException, InterruptedException {
        Connection c = null;
        Connection target = null;
        Instant downSince = null;
        try {
            while (true) {
                try {
                    if (c == null) {
                        c = Connections.open(stateUrl, "pgshift-apply", READ_TIMEOUT);
                        RunStore.STATE_CHANGES.listen(c);
                        target = stateUrl.jdbcUrl().equals(url.jdbcUrl()) ? c
                                : Connections.open(url, "pgshift-apply", READ_TIMEOUT);
                    }
                    RunRecord run = runs.find(c, runId).orElseThrow();
                    printer.show(ProgressLine.render(progress.read(c, target, run)));
                    downSince = null;
                    if (run.state().isTerminal() || run.state().isHalted() || run.state().awaitsOperator()) {
                        return run;
                    }
                    // the next read comes at the next poll, or at once when a run changes state
                    // (the process exits, and the report shows, at the first read after the run ends)
                    RunStore.STATE_CHANGES.await(c, POLL);
                } catch (SQLException e) {
                    if (!RetryClassifier.classify(e).connectionLost()) {
                        throw e;
                    }
                    downSince = downSince == null ? Instant.now() : downSince;
                    if (Duration.between(downSince, Instant.now()).compareTo(PATIENCE) > 0) {
                        throw e;
                    }
                    printer.show(unreachable(c) + " unreachable (" + e.getMessage().split("\n", 2)[0] + "); waiting for it");
                    close(c);
                    close(target);
                    c = null;
                    target = null;
                    Thread.sleep(POLL.toMillis());
                }
            }
        } finally {
            close(c);
            close(target);
        }
    }

    /**
     * Which database the line waits for: the one, or, when the state lives apart, whichever of the
     * two no longer answers (a state connection that is still valid means the target's failed).
     */
    private String unreachable(Connection state) {
        if (stateUrl.jdbcUrl().equals(url.jdbcUrl())) {
            return "database " + url.hosts();
        }
        return isValid(state) ? "target database " + url.hosts() : "state database " + stateUrl.hosts();
    }

    private static boolean isValid(Connection c) {
        try {
            return c != null && c.isValid(1);
        } catch (SQLException e) {
            LOG.debug("the state connection's check failed", e); // only for a negative timeout: not this one
            return false;
        }
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException alreadyGone) {
            // The connection is being replaced because it failed; closing it can only fail the same way.
            LOG.debug("closing a failed progress connection", alreadyGone);
        }
    }
}
