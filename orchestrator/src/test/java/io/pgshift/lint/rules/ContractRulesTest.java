package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.addColumn;
import static io.pgshift.lint.PlaybookFixture.addColumnWithDefault;
import static io.pgshift.lint.PlaybookFixture.fill;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.setNotNull;
import static io.pgshift.lint.PlaybookFixture.table;
import static io.pgshift.lint.PlaybookFixture.where;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.lint.Finding;
import io.pgshift.playbook.AddUnique;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractRulesTest {
    @Test
    void flagsSetNotNullOnAnAddedColumnNothingFills() {
        List<Finding> findings = new ContractUncoveredColumnRule().check(playbook()
                .expand(addColumn("users", "prefs", "jsonb"))
                .contract(new AddUnique(table("users"), List.of("email"), null),
                        setNotNull("users", "prefs"))
                .build());

        assertEquals(List.of("contract[1].set_not_null"), findings.stream().map(Finding::path).toList());
    }

    @Test
    void acceptsAColumnCoveredByABackfillOrADefault() {
        ContractUncoveredColumnRule rule = new ContractUncoveredColumnRule();

        assertEquals(List.of(), rule.check(playbook()
                .expand(addColumn("users", "prefs", "jsonb"))
                .backfill(fill("users", "prefs", "'{}'::jsonb"))
                .contract(setNotNull("users", "prefs")).build()));
        assertEquals(List.of(), rule.check(playbook()
                .expand(addColumnWithDefault("users", "score", "int", "0"))
                .contract(setNotNull("users", "score")).build()));
    }

    @Test
    void doesNotTakeADefaultOfNullForOneThatFillsRows() {
        List<Finding> findings = new ContractUncoveredColumnRule().check(playbook()
                .expand(addColumnWithDefault("users", "prefs", "jsonb", "NULL::jsonb"))
                .contract(setNotNull("users", "prefs")).build());

        assertEquals(List.of("contract[0].set_not_null"), findings.stream().map(Finding::path).toList());
    }

    @Test
    void leavesColumnsThePlaybookDoesNotAddToTheGate() {
        assertEquals(List.of(), new ContractUncoveredColumnRule().check(playbook()
                .contract(setNotNull("users", "email")).build()));
    }

    @Test
    void warnsWhenOnlyAFilteredBackfillFillsTheColumn() {
        List<Finding> findings = new ContractPartialBackfillRule().check(playbook()
                .expand(addColumn("users", "prefs", "jsonb"))
                .backfill(where(fill("users", "prefs", "'{}'::jsonb"), "role = 'student'"))
                .contract(setNotNull("users", "prefs")).build());

        assertEquals(List.of("contract[0].set_not_null"), findings.stream().map(Finding::path).toList());
    }

    @Test
    void acceptsAFilteredBackfillWhenAnotherCoversTheRest() {
        assertEquals(List.of(), new ContractPartialBackfillRule().check(playbook()
                .expand(addColumn("users", "prefs", "jsonb"))
                .backfill(where(fill("users", "prefs", "'{}'::jsonb"), "role = 'student'"),
                        fill("users", "prefs", "'{}'::jsonb"))
                .contract(setNotNull("users", "prefs")).build()));
    }
}
