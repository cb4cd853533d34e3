package io.pgshift.cli;

import io.pgshift.client.ServerOptions;
import io.pgshift.console.Output;
import io.pgshift.error.ErrorCode;
import io.pgshift.ops.TargetRef;
import io.pgshift.ops.TargetRuns;
import io.pgshift.ops.TargetsStatus;
import io.pgshift.ops.TargetResolver;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift targets status}: the runbooks' capture-migration-status for every environment at once. */
@Command(name = "targets", mixinStandardHelpOptions = true, subcommands = TargetsCommand.Status.class,
        description = "Compare what pgshift applied across targets (staging, production, ...).")
final class TargetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: try pgshift targets status --help");
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Per target, which playbooks are applied, running, failed or absent (with checksums); flags drift.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--target", paramLabel = "NAME[=URL]", description = ServerOptions.TARGET_DESCRIPTION
                + "; repeated, in promotion order, staging first (default: every target of --config)")
        List<String> targets = List.of();

        @Mixin
        ConfigOptions config;

        @Mixin
        OutputOptions output;

        @Mixin
        FormatAlias formatAlias;

        @Override
        public Integer call() {
            TargetResolver resolver = config.resolver();
            List<TargetRef> refs = targets.isEmpty() ? config.all("targets status without --target")
                    : targets.stream().map(resolver::resolve).toList();
            return report(refs, output.output, spec.commandLine().getOut());
        }
    }

    /** Reads every target's runs, prints them side by side with the drift; 11 when they drifted. */
    static int report(List<TargetRef> refs, Output format, PrintWriter out) {
        TargetsStatus status = TargetsStatus.of(refs.stream().map(TargetRuns::read).toList());
        out.print(format == Output.JSON ? status.json() : status.text());
        out.flush();
        return status.drifted() ? ErrorCode.DRIFT_FOUND.exitCode() : 0;
    }
}
