package io.pgshift.cli;

import io.pgshift.json.Mappers;
import io.pgshift.lint.Finding;
import io.pgshift.lint.LintReport;
import io.pgshift.lint.Severity;
import io.pgshift.lint.rules.StandardRules;
import io.pgshift.playbook.parse.PlaybookParser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift lint FILE...}: checks playbooks without a database. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Check playbooks for unsafe or ineffective changes (no database needed).")
final class LintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "playbook YAML file(s)")
    List<Path> files;

    @Mixin
    OutputOptions output;

    @Mixin
    FormatAlias formatAlias;

    @Option(names = "--strict", description = "fail (exit 4) on warnings too")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        var linter = StandardRules.linter(Clock.systemUTC());
        var out = spec.commandLine().getOut();
        List<LintReport> reports = new ArrayList<>();
        for (Path file : files) {
            reports.add(linter.lint(new PlaybookParser().parse(file)));
        }
        if (output.json()) {
            out.println(Mappers.PRETTY.writeValueAsString(json(reports)));
        } else {
            reports.forEach(r -> out.println(r.render()));
        }
        out.flush();
        boolean failed = reports.stream().anyMatch(r -> r.hasErrors() || strict && r.count(Severity.WARNING) > 0);
        return failed ? io.pgshift.error.ErrorCode.LINT_FAILED.exitCode() : 0;
    }

    private static List<Map<String, Object>> json(List<LintReport> reports) {
        List<Map<String, Object>> findings = new ArrayList<>();
        for (LintReport r : reports) {
            for (Finding f : r.findings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("playbook", r.playbook());
                m.put("rule", f.ruleId());
                m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
                m.put("file", f.location().file());
                m.put("line", f.location().line());
                m.put("column", f.location().column());
                m.put("path", f.path());
                m.put("message", f.message());
                m.put("hint", f.hint());
                findings.add(m);
            }
        }
        return findings;
    }
}
