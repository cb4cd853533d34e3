package io.pgshift.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the pgshift CLI in this JVM and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {
        /** The first line on stderr: what the operator sees first. */
        public String firstErrorLine() {
            return err.isEmpty() ? "" : err.split("\n", 2)[0];
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
