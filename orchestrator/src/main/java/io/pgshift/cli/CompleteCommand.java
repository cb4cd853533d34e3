package io.pgshift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.client.ServerOptions;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.usecase.CompleteRun;
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
 * {@code pgshift complete RUN [--force]}: carries a run held before contract on, once the
 * application's new version is deployed. Refused (exit 7) while a sync trigger of the run still
 * fills rows, i.e. writers that omit its columns still run, unless {@code --force}. In process it
 * then drives the contract to the end, as apply would; with {@code --server} the daemon does.
 */
@Command(name = "complete", mixinStandardHelpOptions = true,
        description = "Carry a run held before contract (AWAITING_CONTRACT) on to contract, once the application's"
                + " new version is deployed; refused while its sync triggers still fill rows, unless --force.")
final class CompleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = RunIdParameter.LABEL, description = RunIdParameter.DESCRIPTION)
    long runId;

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Option(names = "--force", description = "complete even while a sync trigger still fills rows (audited)")
    boolean force;

    @Option(names = "--actor", description = "who completes it, for the audit log (default: the OS user; with --server:"
            + " the token's name)")
    String actor = System.getProperty("user.name", "unknown");

    @Option(names = "--partitions", defaultValue = "2", description = "key ranges per backfill, should the contract's"
            + " driver need one (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--threads", defaultValue = "4", description = "worker threads of this node (default: ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    ServerOptions server;

    /** With --target NAME and no daemon: the config the name is looked up in. */
    @Mixin
    ConfigOptions config;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = output.json() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (server.given(database.url)) {
            return remote(out);
        }
        String targetName = RunDocument.targetName(database, state);
        DatabaseUrl url = database.resolve();
        DatabaseUrl stateUrl = state.resolve(database);
        RunHost host = new LocalRunHost(targetName, url, stateUrl, "complete-" + ProcessHandle.current().pid());
        CompleteRun.Result result = new CompleteRun(host).complete(new CompleteRun.Request(runId, actor, force));
        SyncTriggerOutput.print(out, result.forced() ? "forced past" : "seen", result.reliance());
        out.println("run " + runId + " is " + result.run().state() + ": contract starts now");
        boolean forced = result.forced();
        out.flush();
        // with json, the run as it ended, plus whether the sync triggers' evidence was forced past (as the API says)
        return new LocalDriver(url, stateUrl, partitions, threads, actor).drive(runId, spec.commandLine().getOut(),
                spec.commandLine().getErr(), output.output, view -> {
                    view.put("target", targetName); // NAME of --target NAME=URL, else the database's
                    view.put("forced", forced);
                    return view;
                });
    }

    private int remote(PrintWriter out) {
        DaemonOnlyOptions.refuse(spec, state, "the completion");
        JsonNode answer = server.client().complete(server.target(), runId, force);
        if (output.json()) {
            spec.commandLine().getOut().println(answer.toPrettyString());
            spec.commandLine().getOut().flush();
            return 0;
        }
        SyncTriggerOutput.print(out, answer.path("forced").asBoolean() ? "forced past" : "seen",
                answer.path("sync_triggers"));
        out.println("run " + runId + " is " + answer.path("state").asText() + ": the daemon carries on with contract;"
                + " follow it with: pgshift status " + runId + " --server ... --target " + server.target());
        out.flush();
        return 0;
    }
}
