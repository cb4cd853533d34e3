package io.pgshift.cli;

import picocli.CommandLine;

/** Process entry point: runs the command line and exits with its documented exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs pgshift in this JVM and returns the exit code (used by tests too). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new PgshiftCommand());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setExitCodeExceptionMapper(ErrorReporter::exitCode);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }
}
