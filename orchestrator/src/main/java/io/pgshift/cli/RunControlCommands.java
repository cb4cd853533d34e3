package io.pgshift.cli;

import io.pgshift.client.DaemonClient;
import io.pgshift.client.RemoteRunControl;
import io.pgshift.client.ServerOptions;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.run.RunRecord;
import io.pgshift.usecase.CancelRun;
import io.pgshift.usecase.PauseRun;
import io.pgshift.usecase.ResumeRun;
import io.pgshift.usecase.RunHost;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift pause|resume|cancel RUN}: operator requests, written to the run's state and audited. */
final class RunControlCommands {
    private RunControlCommands() {
    }

    /** The shared shape of the three commands: a run id, a database, an actor. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = RunIdParameter.LABEL, description = RunIdParameter.DESCRIPTION)
        long runId;

        @Mixin
        DatabaseOptions database;

        @Mixin
        StateOptions state;

        @Option(names = "--actor", description = "who asks, for the audit log (default: the OS user; with --server: the token's name)")
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
            RunRecord run;
            if (server.given(database.url)) {
                // the daemon audits the token's name as the actor
                run = RemoteRunControl.act(server, runId, action());
            } else {
                run = act(localHost());
            }
            if (output.json()) {
                String target = server.given(database.url) ? server.target() : RunDocument.targetName(database, state);
                OutputOptions.print(spec.commandLine().getOut(), RunDocument.plain(target, run));
                return 0;
            }
            spec.commandLine().getOut().println("run " + run.id() + " is " + run.state() + next(run));
            spec.commandLine().getOut().flush();
            return 0;
        }

        /**
         * The state database named on the command line; pause, resume and cancel only write the
         * run's state, so without a target named the state database stands for it.
         */
        private RunHost localHost() {
            DatabaseUrl stateUrl = state.resolve(database);
            DatabaseUrl url = database.given() ? database.resolve() : stateUrl;
            return new LocalRunHost(RunDocument.targetName(database, state), url, stateUrl,
                    spec.name() + "-" + ProcessHandle.current().pid());
        }

        abstract RunRecord act(RunHost host) throws Exception;

        abstract DaemonClient.RunAction action();

        String next(RunRecord run) {
            return "";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a run at its next safe point (backfills stop at a batch boundary).")
    static final class Pause extends Base {
        @Override
        DaemonClient.RunAction action() {
            return DaemonClient.RunAction.PAUSE;
        }

        @Override
        RunRecord act(RunHost host) throws Exception {
            return new PauseRun(host).pause(runId, actor);
        }

        @Override
        String next(RunRecord run) {
            return "; it stops at its next safe point. Resume with: pgshift resume " + run.id();
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a paused run, or retry a failed one from where it stopped.")
    static final class Resume extends Base {
        @Override
        DaemonClient.RunAction action() {
            return DaemonClient.RunAction.RESUME;
        }

        @Override
        RunRecord act(RunHost host) throws Exception {
            return new ResumeRun(host).resume(runId, actor).run();
        }

        @Override
        String next(RunRecord run) {
            return "; a running pgshift node (daemon) continues it, or run pgshift apply with its playbook here";
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a run (not while contracting). Nothing is undone: see pgshift rollback.")
    static final class Cancel extends Base {
        @Override
        DaemonClient.RunAction action() {
            return DaemonClient.RunAction.CANCEL;
        }

        @Override
        RunRecord act(RunHost host) throws Exception {
            return new CancelRun(host).cancel(runId, actor);
        }

        @Override
        String next(RunRecord run) {
            return "; what it changed stays. Undo with: pgshift rollback " + run.id();
        }
    }
}
