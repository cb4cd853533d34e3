package io.pgshift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.client.ServerOptions;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.engine.SyncCleanup;
import io.pgshift.usecase.CleanupRun;
import io.pgshift.usecase.RunHost;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pgshift cleanup RUN [--force]}: drops the sync triggers a finished run left in place,
 * once none has filled a row for its quiet period ({@code settings.sync_quiet_period}); refused
 * with the numbers (exit 7) while writers still rely on one, unless {@code --force}.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Drop the sync triggers a finished run kept for writers that omit the new columns, once they"
                + " have filled nothing for the quiet period; refused while writers rely on them, unless --force.")
final class CleanupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = RunIdParameter.LABEL, description = RunIdParameter.DESCRIPTION)
    long runId;

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Option(names = "--force", description = "drop them even while they still fill rows: those writers' INSERTs may then"
            + " fail or miss the value (audited)")
    boolean force;

    @Option(names = "--actor", description = "who cleans up, for the audit log (default: the OS user; with --server:"
            + " the token's name)")
    String actor = System.getProperty("user.name", "unknown");

    @Mixin
    ServerOptions server;

    /** With --target NAME and no daemon: the config the name is looked up in. */
    @Mixin
    ConfigOptions config;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (server.given(database.url)) {
            DaemonOnlyOptions.refuse(spec, state, "the cleanup");
            JsonNode answer = server.client().cleanup(server.target(), runId, force);
            if (output.json()) {
                out.println(answer.toPrettyString());
                out.flush();
                return 0;
            }
            report(out, answer.path("dropped").size());
            SyncTriggerOutput.print(out, "dropped", answer.path("dropped"));
        } else {
            DatabaseUrl url = database.resolve();
            DatabaseUrl stateUrl = state.resolve(database);
            try (var c = StateAccess.open(stateUrl)) {
                c.getMetaData(); // the state schema is migrated before the run is read
            }
            RunHost host = new LocalRunHost(RunDocument.targetName(database, state), url, stateUrl,
                    "cleanup-" + ProcessHandle.current().pid());
            SyncCleanup.Result result = new CleanupRun(host).cleanup(new CleanupRun.Request(runId, actor, force));
            if (output.json()) {
                // the API's answer: the run plus forced and dropped
                var body = RunDocument.plain(RunDocument.targetName(database, state), result.run());
                body.put("forced", result.forced());
                body.put("dropped", result.dropped().stream().map(io.pgshift.sync.RelianceDetails::of).toList());
                OutputOptions.print(out, body);
                return 0;
            }
            report(out, result.dropped().size());
            SyncTriggerOutput.print(out, "dropped", result.dropped());
        }
        out.flush();
        return 0;
    }

    private void report(PrintWriter out, int dropped) {
        out.println(dropped == 0 ? "run " + runId + " has no sync trigger left to drop"
                : "run " + runId + ": dropped " + dropped + " sync trigger(s)");
    }
}
