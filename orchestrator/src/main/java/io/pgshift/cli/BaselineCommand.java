package io.pgshift.cli;

import io.pgshift.audit.AuditLog;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.lint.rules.StandardRules;
import io.pgshift.ops.Baseline;
import io.pgshift.ops.BaselineCheck;
import io.pgshift.ops.BaselineGap;
import io.pgshift.ops.BaselineStore;
import io.pgshift.ops.TargetRef;
import io.pgshift.db.Connections;
import io.pgshift.playbook.Playbook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pgshift baseline}: records the live schema of a database pgshift takes over (its
 * "baseline migration"), changing nothing else; {@code show} prints the newest; {@code check}
 * compares a playbook's requires with it.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        subcommands = {BaselineCommand.Show.class, BaselineCommand.Check.class},
        description = "Record the current schema of a live database (catalog snapshot + SHA-256), audited BASELINE_RECORDED.")
final class BaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--schema", defaultValue = "public", description = "the schema recorded (default: ${DEFAULT-VALUE})")
    String schema;

    @Option(names = "--actor", description = "who records it, for the audit log (default: the OS user)")
    String actor = System.getProperty("user.name", "unknown");

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws SQLException {
        TargetRef ref = target.resolve();
        try (Connection c = StateAccess.create(ref.url())) {
            Baseline b = new BaselineStore(new AuditLog(Clock.systemUTC())).record(c, schema, actor);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                // the API's answer to POST .../baseline
                out.print(b.json());
                out.flush();
                return 0;
            }
            out.println("recorded baseline " + b.id() + " of schema " + schema + " in " + ref.name() + ": "
                    + b.tables().size() + " tables, sha256 " + b.checksum());
            out.flush();
        }
        return 0;
    }

    static Baseline latest(TargetRef ref, String schema) throws SQLException {
        try (Connection c = Connections.open(ref.url(), "pgshift-baseline")) {
            return new BaselineStore(new AuditLog(Clock.systemUTC())).latest(c, schema).orElseThrow(() ->
                    new PgshiftException(ErrorCode.USAGE, "no baseline of schema " + schema + " in " + ref.name()
                            + ": record one with pgshift baseline --schema " + schema));
        }
    }

    /** {@code {"playbook", "baseline", "missing": [{"table", "column", "reason", "text"}]}}: column null for a whole table. */
    static java.util.Map<String, Object> gaps(Playbook playbook, Baseline b, List<BaselineGap> gaps) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("playbook", playbook.name());
        body.put("baseline", b.id());
        body.put("missing", gaps.stream().map(g -> {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("table", g.table().display());
            m.put("column", g.column());
            m.put("reason", g.reason());
            m.put("text", g.text());
            return m;
        }).toList());
        return body;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the newest baseline of a schema.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TargetOptions target;

        @Option(names = "--schema", defaultValue = "public", description = "(default: ${DEFAULT-VALUE})")
        String schema;

        @Mixin
        OutputOptions output;

        @Mixin
        FormatAlias formatAlias;

        @Override
        public Integer call() throws SQLException {
            Baseline b = latest(target.resolve(), schema);
            PrintWriter out = spec.commandLine().getOut();
            out.print(output.json() ? b.json() : b.text());
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "List the tables and columns a playbook requires that the newest baseline does not hold (exit 11 if any).")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "playbook YAML file")
        Path file;

        @Mixin
        TargetOptions target;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws SQLException {
            Playbook playbook = Playbooks.load(file, StandardRules.linter(Clock.systemUTC()), spec.commandLine().getErr());
            Baseline b = latest(target.resolve(), playbook.settings().schema());
            List<BaselineGap> gaps = BaselineCheck.gaps(playbook.requires(), b);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOptions.print(out, gaps(playbook, b, gaps));
                return gaps.isEmpty() ? 0 : ErrorCode.DRIFT_FOUND.exitCode();
            }
            gaps.forEach(g -> out.println("missing " + g.text()));
            if (gaps.isEmpty()) {
                out.println("every required table and column of " + playbook.name() + " is in baseline " + b.id());
            }
            out.flush();
            return gaps.isEmpty() ? 0 : ErrorCode.DRIFT_FOUND.exitCode();
        }
    }
}
