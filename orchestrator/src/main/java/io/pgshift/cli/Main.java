package io.pgshift.cli;

import picocli.CommandLine;

/** Process entry point: runs the command line and exits with its documented exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs pgshift in this JVM and returns the exit code. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs pgshift with the given output streams (tests capture them) and returns the exit code. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = CommandTree.forArgs(args);
        cli.setOut(out);
        cli.setErr(err);
        ErrorReporter reporter = new ErrorReporter(cli.getParameterExceptionHandler());
        cli.setExecutionExceptionHandler(reporter);
        cli.setParameterExceptionHandler(reporter);
        cli.setExitCodeExceptionMapper(ErrorReporter::exitCode);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }
}
