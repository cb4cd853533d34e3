package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.apply.ProgressLine;
import io.pgshift.console.ProgressPrinter;
import io.pgshift.run.RunState;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows a run on the daemon until it ends, fails or pauses, showing the progress line as
 * {@code apply} does. A daemon that stops answering for a while (restarting, a network blip) is
 * waited for up to {@link #PATIENCE}: the run goes on without this client.
 */
final class RunFollower {
    static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final long POLL_MS = 500;
    private final DaemonClient daemon;
    private final ProgressPrinter printer;

    RunFollower(DaemonClient daemon, ProgressPrinter printer) {
        this.daemon = daemon;
        this.printer = printer;
    }

    /** The run's last view, once its state is terminal or halted (PAUSED, FAILED). */
    JsonNode follow(String target, long runId) throws InterruptedException {
        Instant downSince = null;
        while (true) {
            try {
                JsonNode run = daemon.run(target, runId);
                downSince = null;
                printer.show(ProgressLine.render(RunJson.progress(run)));
                RunState state = RunState.valueOf(run.path("state").asText());
                if (state.isTerminal() || state.isHalted() || state == RunState.AWAITING_CONTRACT) {
                    return run;
                }
            } catch (DaemonUnreachableException e) {
                downSince = downSince == null ? Instant.now() : downSince;
                if (Duration.between(downSince, Instant.now()).compareTo(PATIENCE) > 0) {
                    throw e;
                }
                printer.show("daemon unreachable (" + e.getMessage().split("\n", 2)[0] + "); waiting for it");
            }
            Thread.sleep(POLL_MS);
        }
    }
}
