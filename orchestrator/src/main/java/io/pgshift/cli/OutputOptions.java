package io.pgshift.cli;

import io.pgshift.console.Output;
import io.pgshift.ops.PlainJson;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --output text|json}: the one flag that chooses between words and JSON, on every command
 * that prints a result. With json, stdout carries exactly one JSON document, the result or the
 * error ({@link ErrorReporter}); progress and notes stay on stderr, so {@code | jq} always works.
 */
final class OutputOptions {
    static final String NAME = "--output";

    // no defaultValue: picocli would apply it after parsing, over what the hidden --format alias set
    @Option(names = NAME, paramLabel = "text|json",
            description = "text (for people) or json (one JSON document on stdout, errors included); default: text")
    Output output = Output.TEXT;

    boolean json() {
        return output == Output.JSON;
    }

    /** The command's {@code --output}, when it has one. */
    static Optional<OutputOptions> of(CommandSpec spec) {
        return spec.mixins().values().stream().map(CommandSpec::userObject).filter(OutputOptions.class::isInstance)
                .map(OutputOptions.class::cast).findFirst();
    }

    /** Whether the command runs with {@code --output json}. */
    static boolean json(CommandSpec spec) {
        return of(spec).map(OutputOptions::json).orElse(false);
    }

    /** Prints {@code value} (maps, lists and plain values) as indented JSON, then flushes. */
    static void print(PrintWriter out, Object value) {
        out.print(PlainJson.write(value));
        out.flush();
    }
}
