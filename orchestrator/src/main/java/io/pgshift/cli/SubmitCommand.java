package io.pgshift.cli;

import io.pgshift.client.RemoteSubmit;
import io.pgshift.client.ServerOptions;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift submit FILE --target T}: hands a playbook to a daemon; {@code --wait} follows it as apply does. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a playbook to a pgshift daemon (--server, --token) for one of its targets.")
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "playbook YAML file")
    Path file;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Option(names = "--wait", description = "follow the run until it ends: progress line, report, exit 0/8/9 as apply")
    boolean wait;

    @Override
    public Integer call() throws Exception {
        if (!server.given(null)) {
            throw new PgshiftException(ErrorCode.USAGE, "submit hands the playbook to a daemon: give --server URL (or set "
                    + ServerOptions.SERVER_ENV + "); pgshift apply runs it in this process instead");
        }
        return new RemoteSubmit(server, spec.commandLine().getOut(), spec.commandLine().getErr(), output.output)
                .submit(file, wait, Terminal.detect().interactive());
    }
}
