package io.pgshift.cli;

import io.pgshift.client.DaemonClient;
import io.pgshift.client.RemoteRunControl;
import io.pgshift.client.ServerOptions;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.RunRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift approve RUN --target T}: an approver's token lets a run waiting for approval start. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a run waiting for approval on a daemon's target (an approver's token; not your own run).")
final class ApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = RunIdParameter.LABEL, description = RunIdParameter.DESCRIPTION)
    long runId;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (!server.given(null)) {
            throw new PgshiftException(ErrorCode.USAGE, "approvals are a daemon's policy: give --server URL (or set "
                    + ServerOptions.SERVER_ENV + ") and --target NAME");
        }
        RunRecord run = RemoteRunControl.act(server, runId, DaemonClient.RunAction.APPROVE);
        if (output.json()) {
            OutputOptions.print(spec.commandLine().getOut(), RunDocument.plain(server.target(), run));
            return 0;
        }
        spec.commandLine().getOut().println("run " + run.id() + " is " + run.state() + "; approved by " + run.approvedBy()
                + ", the daemon starts it");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
