package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.apply.RunReport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgshift.console.Output;
import io.pgshift.console.ProgressPrinter;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pgshift submit FILE --target T}: the playbook goes to the daemon, which parses, lints,
 * plans and runs it on its cluster. With {@code --wait}, follows the run and ends as
 * {@code apply} does: the same progress line, the same report, exit 0 / 8 (failed) / 9 (paused).
 */
public final class RemoteSubmit {
    private final DaemonClient daemon;
    private final String target;
    private final PrintWriter out;
    private final PrintWriter err;
    private final PrintWriter document;
    private final Output output;

    /**
     * {@code output}: with json, {@code out} gets the daemon's answer alone ({@code outcome},
     * {@code run}, {@code findings}; with {@code --wait}, the run as it ended) and every line
     * said along the way goes to {@code err}.
     */
    public RemoteSubmit(ServerOptions server, PrintWriter out, PrintWriter err, Output output) {
        this.daemon = server.client();
        this.target = server.target();
        this.document = out;
        this.out = output == Output.JSON ? err : out;
        this.err = err;
        this.output = output;
    }

    public int submit(Path file, boolean wait, boolean terminal) throws InterruptedException {
        String yaml = read(file);
        JsonNode answer = daemon.submit(target, yaml, file.toString());
        for (JsonNode finding : answer.path("findings")) {
            err.println(DaemonErrors.finding(finding, file.toString()));
        }
        err.flush();
        if (output == Output.JSON) {
            return json(answer, wait, terminal);
        }
        RunRecord run = RunJson.run(answer.path("run"));
        switch (answer.path("outcome").asText()) {
            case "ALREADY_APPLIED" -> {
                out.println("playbook " + run.playbookName() + " (checksum " + run.shortChecksum() + ") is already applied"
                        + " on " + target + ": run " + run.id() + " succeeded at " + run.finishedAt());
                out.flush();
                return 0;
            }
            case "RESUMED" -> out.println("run " + run.id() + ": resumed playbook " + run.playbookName() + " (checksum "
                    + run.shortChecksum() + ") on " + target + ", now " + run.state());
            default -> out.println("run " + run.id() + ": submitted playbook " + run.playbookName() + " (checksum "
                    + run.shortChecksum() + ") to " + target + ", now " + run.state());
        }
        if (run.state() == RunState.AWAITING_APPROVAL) {
            out.println("run " + run.id() + " waits for approval: another approver runs pgshift approve " + run.id()
                    + " --target " + target);
        }
        out.flush();
        return wait ? follow(run.id(), terminal) : 0;
    }

    /** The answer as the daemon gave it; with {@code wait}, its run replaced by the run as it ended. */
    private int json(JsonNode answer, boolean wait, boolean terminal) throws InterruptedException {
        ObjectNode body = answer.deepCopy();
        int exit = 0;
        if (wait && !"ALREADY_APPLIED".equals(answer.path("outcome").asText())) {
            JsonNode last = progress(answer.path("run").path("id").asLong(), terminal);
            body.set("run", last);
            exit = exitCode(RunJson.run(last));
        }
        document.println(body.toPrettyString());
        document.flush();
        return exit;
    }

    private static int exitCode(RunRecord run) {
        return switch (run.state()) {
            case SUCCEEDED -> 0;
            case PAUSED -> ErrorCode.RUN_PAUSED.exitCode();
            case AWAITING_CONTRACT -> ErrorCode.RUN_HELD.exitCode();
            default -> ErrorCode.RUN_FAILED.exitCode();
        };
    }

    /** Follows the run with the progress line on stderr: stdout carries the result alone. */
    private JsonNode progress(long runId, boolean terminal) throws InterruptedException {
        ProgressPrinter printer = new ProgressPrinter(err, terminal);
        JsonNode last = new RunFollower(daemon, printer).follow(target, runId);
        printer.done();
        return last;
    }

    private int follow(long runId, boolean terminal) throws InterruptedException {
        JsonNode last = progress(runId, terminal);
        RunRecord run = RunJson.run(last);
        out.println(RunReport.render(run, RunJson.steps(last), RunJson.syncTriggers(last)));
        if (run.state() == RunState.SUCCEEDED) {
            out.flush();
            return 0;
        }
        if (run.state() == RunState.PAUSED) {
            out.println("run " + runId + " is paused; resume it with: pgshift resume " + runId + " --target " + target);
            out.flush();
            return ErrorCode.RUN_PAUSED.exitCode();
        }
        if (run.state() == RunState.AWAITING_CONTRACT) {
            out.println("run " + runId + " is held before contract: deploy the application version that writes the new"
                    + " columns, then: pgshift complete " + runId + " --target " + target);
            out.flush();
            return ErrorCode.RUN_HELD.exitCode();
        }
        out.println("run " + runId + " is " + run.state() + (run.error() == null ? "" : ": " + run.error()));
        out.println("fix the cause, then retry it from where it stopped with: pgshift resume " + runId + " --target "
                + target + ", or roll it back");
        out.flush();
        return ErrorCode.RUN_FAILED.exitCode();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PgshiftException(ErrorCode.PLAYBOOK_INVALID, file + ": cannot read the playbook: " + e.getMessage(), e);
        }
    }
}
