package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.ops.SchemaComparison;
import io.pgshift.ops.TargetResolver;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift schema diff}: the runbooks' schema-dump-and-diff, on the live catalogs. */
@Command(name = "schema", mixinStandardHelpOptions = true, subcommands = SchemaCommand.Diff.class,
        description = "Compare live schemas across targets.")
final class SchemaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: try pgshift schema diff --help");
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Compare two live catalogs: tables, columns, types, nullability, defaults, indexes, constraints,"
                    + " triggers, privileges; and the settings that change how a run behaves (warnings, not drift).")
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "NAME[=URL]",
                description = "the reference target (e.g. staging=URL, or staging with --config)")
        String from;

        @Option(names = "--to", required = true, paramLabel = "NAME[=URL]",
                description = "the target compared with it (e.g. production=URL, or production with --config)")
        String to;

        @Mixin
        ConfigOptions config;

        @Option(names = "--tables", split = ",", paramLabel = "TABLE", description = "only these tables (default: every table of the schema)")
        List<String> tables = List.of();

        @Option(names = "--schema", defaultValue = "public", description = "the schema compared (default: ${DEFAULT-VALUE})")
        String schema;

        @Mixin
        OutputOptions output;

        @Mixin
        FormatAlias formatAlias;

        @Override
        public Integer call() {
            TargetResolver resolver = config.resolver();
            SchemaComparison result = SchemaComparison.of(resolver.resolve(from), resolver.resolve(to), schema, tables);
            PrintWriter out = spec.commandLine().getOut();
            out.print(output.json() ? result.json() : result.text());
            out.flush();
            return result.drift() ? ErrorCode.DRIFT_FOUND.exitCode() : 0;
        }
    }
}
