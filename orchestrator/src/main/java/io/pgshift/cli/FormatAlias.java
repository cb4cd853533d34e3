package io.pgshift.cli;

import io.pgshift.console.Output;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The old {@code --format text|json} of lint, preflight, schema diff, targets status, baseline
 * show and audit ({@code table|json}), kept hidden so existing scripts go on working: it sets the
 * command's {@link OutputOptions} and says once, on stderr, to use {@code --output} instead.
 */
final class FormatAlias {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--format", hidden = true, paramLabel = "text|json")
    void format(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Output output = switch (v) {
            case "json" -> Output.JSON;
            case "text", "table" -> Output.TEXT;
            default -> throw new ParameterException(mixee.commandLine(), "--format is now --output text|json, got '"
                    + value + "'");
        };
        mixee.commandLine().getErr().println("pgshift: --format " + v + " is deprecated: use --output "
                + output.name().toLowerCase(Locale.ROOT));
        mixee.commandLine().getErr().flush();
        OutputOptions.of(mixee).orElseThrow(() -> new IllegalStateException(mixee.qualifiedName()
                + " has --format without --output")).output = output;
    }
}
