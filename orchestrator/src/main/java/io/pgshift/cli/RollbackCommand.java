package io.pgshift.cli;

import io.pgshift.client.RemoteRollback;
import io.pgshift.client.ServerOptions;
import io.pgshift.engine.RunRollback;
import io.pgshift.usecase.RollbackRun;
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
 * {@code pgshift rollback RUN [--drop-data]}: undoes the run's completed steps in reverse, under
 * the same lock timeouts and retries as applying them; with {@code --server}, the daemon does it
 * on its target.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Undo a run's completed steps in reverse (constraints, indexes, triggers; columns and tables"
                + " only with --drop-data).")
final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = RunIdParameter.LABEL, description = RunIdParameter.DESCRIPTION)
    long runId;

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Option(names = "--drop-data", description = "also drop the columns and tables the run added, with their data")
    boolean dropData;

    @Option(names = "--actor", description = "who rolls back, for the audit log (default: the OS user; not with --server,"
            + " where it is the token's name)")
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
        boolean remote = server.given(database.url);
        RunRollback.Result result = remote ? remote() : inProcess();
        if (output.json()) {
            // the API's run view once rolled back (GET .../runs/{id}): undone and not_undone beside the run
            var body = RunDocument.plain(remote ? server.target() : RunDocument.targetName(database, state), result.run());
            body.put("undone", result.undone());
            body.put("not_undone", result.notUndone());
            OutputOptions.print(out, body);
            return 0;
        }
        out.println("run " + runId + " is " + result.run().state());
        result.undone().forEach(s -> out.println("  undone:     " + s));
        result.notUndone().forEach(s -> out.println("  not undone: " + s));
        out.flush();
        return 0;
    }

    /** Asked for here, then carried out by a driver in this process. */
    private RunRollback.Result inProcess() throws Exception {
        RunHost host = new LocalRunHost(RunDocument.targetName(database, state), database.resolve(),
                state.resolve(database), "rollback-" + ProcessHandle.current().pid());
        new RollbackRun(host).rollback(new RollbackRun.Request(runId, actor, dropData));
        return new RunRollback(host.context()).finishHere(runId);
    }

    private RunRollback.Result remote() throws InterruptedException {
        DaemonOnlyOptions.refuse(spec, state, "the rollback");
        return RemoteRollback.rollback(server, runId, dropData);
    }
}
