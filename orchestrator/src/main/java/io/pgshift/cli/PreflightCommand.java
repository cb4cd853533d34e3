package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.lint.rules.StandardRules;
import io.pgshift.ops.preflight.Preflight;
import io.pgshift.ops.preflight.PreflightOptions;
import io.pgshift.ops.preflight.PreflightReport;
import io.pgshift.playbook.Playbook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift preflight FILE}: the runbooks' pre-change checklist, PASS/INFO/WARN/FAIL each with its reason. */
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Check a target before applying a playbook: version, privileges, blocking sessions, replication lag,"
                + " disk headroom, right target. Exit 13 on any FAIL.")
final class PreflightCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "playbook YAML file")
    Path file;

    @Mixin
    TargetOptions target;

    @Option(names = "--expect-database", paramLabel = "NAME", description = "FAIL unless the target's database has this name")
    String expectDatabase;

    @Option(names = "--expect-marker", paramLabel = "TABLE", description = "FAIL unless this table exists in the target")
    String expectMarker;

    @Option(names = "--max-transaction-age", paramLabel = "SECONDS", defaultValue = "60",
            description = "report transactions on the tables open longer than this (default: ${DEFAULT-VALUE})")
    long maxTransactionAge;

    @Mixin
    OutputOptions output;

    @Mixin
    FormatAlias formatAlias;

    @Option(names = "--actor", description = "who runs it, for the audit log (default: the OS user)")
    String actor = System.getProperty("user.name", "unknown");

    @Override
    public Integer call() {
        Playbook playbook = Playbooks.load(file, StandardRules.linter(Clock.systemUTC()), spec.commandLine().getErr());
        PreflightReport report = new Preflight(Preflight.STANDARD, Clock.systemUTC()).run(target.resolve(),
                playbook, new PreflightOptions(expectDatabase, expectMarker, Duration.ofSeconds(maxTransactionAge)), actor);
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json() ? io.pgshift.ops.PlainJson.write(report.values()) : report.text());
        out.flush();
        return report.failed() ? ErrorCode.PREFLIGHT_FAILED.exitCode() : 0;
    }
}
