package io.pgshift.lint;

import static io.pgshift.lint.PlaybookFixture.addColumn;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.setNotNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.lint.rules.ExpandNotNullColumnRule;
import io.pgshift.lint.rules.StandardRules;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SourceLocation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinterTest {
    private final Linter linter =
            StandardRules.linter(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void sortsFindingsByLocationAndTakesThemFromThePlaybook() {
        Playbook playbook = playbook()
                .expand(new RawSql("VACUUM FULL users"),
                        new AddColumn(PlaybookFixture.table("users"), "prefs", "jsonb", null, true))
                .contract(setNotNull("users", "prefs"))
                .at("expand[0].sql", 9, 5)
                .at("expand[1]", 7, 5)
                .at("contract[0].set_not_null", 20, 5)
                .build();

        LintReport report = linter.lint(playbook);

        assertEquals(List.of("expand-not-null-column", "raw-sql-rewrite", "contract-uncovered-column"),
                report.findings().stream().map(Finding::ruleId).toList());
        assertEquals(new SourceLocation(PlaybookFixture.FILE, 7, 5), report.findings().get(0).location());
        assertEquals(new SourceLocation(PlaybookFixture.FILE, 9, 5), report.findings().get(1).location());
        assertTrue(report.hasErrors());
        assertTrue(report.render().startsWith("test.yaml:7:5: error [expand-not-null-column] expand[1].add_column:"),
                report.render());
    }

    @Test
    void reportsNoErrorsForASafePlaybook() {
        LintReport report = linter.lint(playbook()
                .expand(addColumn("users", "prefs", "jsonb"))
                .backfill(PlaybookFixture.fill("users", "prefs", "'{}'::jsonb"))
                .contract(new SetDefault(PlaybookFixture.table("users"), "prefs", "'{}'::jsonb"),
                        setNotNull("users", "prefs"))
                .build());

        assertEquals(List.of(), report.findings());
        assertFalse(report.hasErrors());
    }

    @Test
    void refusesTwoRulesWithTheSameId() {
        assertThrows(IllegalArgumentException.class,
                () -> new Linter(List.of(new ExpandNotNullColumnRule(), new ExpandNotNullColumnRule())));
    }

    @Test
    void givesEveryStandardRuleAKebabCaseId() {
        for (LintRule rule : linter.rules()) {
            assertTrue(rule.id().matches("[a-z]+(-[a-z]+)+"), rule.id());
        }
    }
}
