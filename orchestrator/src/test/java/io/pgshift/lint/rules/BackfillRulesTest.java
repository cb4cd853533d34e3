package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.addColumn;
import static io.pgshift.lint.PlaybookFixture.addColumnWithDefault;
import static io.pgshift.lint.PlaybookFixture.fill;
import static io.pgshift.lint.PlaybookFixture.from;
import static io.pgshift.lint.PlaybookFixture.notKeptInSync;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.setNotNull;
import static io.pgshift.lint.PlaybookFixture.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.lint.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackfillRulesTest {
    @Test
    void flagsABackfillThatSetsAColumnToItself() {
        List<Finding> findings = new BackfillNoEffectRule().check(playbook()
                .backfill(fill("users", "theme", "coalesce(theme, 'light')"), fill("users", "theme", "\"theme\""))
                .build());

        assertEquals(List.of("backfill[1].set.theme"), findings.stream().map(Finding::path).toList());
    }

    @Test
    void flagsABackfillWhoseFilterMatchesNoRow() {
        List<Finding> findings = new BackfillNoEffectRule().check(playbook()
                .backfill(where(fill("users", "theme", "'light'"), "1 = 0"),
                        where(fill("users", "theme", "'dark'"), "role = 'admin'"))
                .build());

        assertEquals(List.of("backfill[0].where"), findings.stream().map(Finding::path).toList());
    }

    @Test
    void warnsWhenAnExpressionReadsAColumnTheSameBackfillSets() {
        java.util.Map<String, String> set = new java.util.LinkedHashMap<>();
        set.put("full_name", "first_name || ' ' || last_name");
        set.put("first_name", "initcap(first_name)");
        set.put("initials", "left(last_name, 1)");
        io.pgshift.playbook.Backfill both = fill("users", "full_name", "x");
        List<Finding> findings = new BackfillReadsItsOwnColumnRule().check(playbook()
                .backfill(new io.pgshift.playbook.Backfill(both.table(), null, set, null, true, both.batch(), null,
                                both.throttle()),
                        // another backfill's column is no concern of this rule: backfills run in order
                        fill("users", "greeting", "'Hi ' || full_name"))
                .build());

        assertEquals(List.of("backfill[0].set.full_name"), findings.stream().map(Finding::path).toList());
        assertTrue(findings.get(0).message().contains("set.full_name reads first_name, which the same backfill sets"),
                findings.get(0).message());
    }

    @Test
    void warnsWhenATightenedColumnIsFilledWithoutKeepInSync() {
        List<Finding> findings = new BackfillKeepInSyncMissingRule().check(playbook()
                .expand(addColumn("users", "prefs", "jsonb"))
                .backfill(notKeptInSync(fill("users", "prefs", "'{}'::jsonb")))
                .contract(setNotNull("users", "prefs"))
                .build());

        assertEquals(List.of("backfill[0].keep_in_sync"), findings.stream().map(Finding::path).toList());
    }

    @Test
    void warnsWhenACopyFromAnotherTableIsNotKeptInSync() {
        List<Finding> findings = new BackfillFromWithoutKeepInSyncRule().check(playbook()
                .backfill(notKeptInSync(from(fill("orders", "currency_code", "customers.currency"), "customers",
                                "customer_id", "id")),
                        from(fill("invoices", "currency_code", "customers.currency"), "customers", "customer_id", "id"),
                        notKeptInSync(fill("users", "theme", "'light'")))
                .build());

        assertEquals(List.of("backfill[0].from"), findings.stream().map(Finding::path).toList());
        assertTrue(findings.get(0).message().contains("copies currency_code into orders from customers without"
                + " keep_in_sync"), findings.get(0).message());
        assertTrue(findings.get(0).hint().contains("later changes of customers itself are never copied"));
    }

    @Test
    void warnsWhenACopyReadsATableALaterBackfillFills() {
        List<Finding> findings = new BackfillFromUnfilledSourceRule().check(playbook()
                .backfill(from(fill("orders", "currency_code", "customers.currency"), "customers", "customer_id", "id"),
                        fill("customers", "currency", "'EUR'"),
                        from(fill("invoices", "currency_code", "customers.currency"), "customers", "customer_id", "id"))
                .build());

        assertEquals(List.of("backfill[0].from"), findings.stream().map(Finding::path).toList(),
                "backfill[2] reads customers after backfill[1] filled it");
        assertTrue(findings.get(0).hint().contains("move backfill[1] before backfill[0]"));
    }

    @Test
    void acceptsMissingKeepInSyncWhenADefaultFillsNewRows() {
        BackfillKeepInSyncMissingRule rule = new BackfillKeepInSyncMissingRule();

        assertEquals(List.of(), rule.check(playbook()
                .expand(addColumnWithDefault("users", "prefs", "jsonb", "'{}'::jsonb"))
                .backfill(notKeptInSync(fill("users", "prefs", "jsonb_build_object('theme', theme)")))
                .contract(setNotNull("users", "prefs")).build()));
        assertEquals(List.of(), rule.check(playbook()
                .backfill(notKeptInSync(fill("users", "prefs", "'{}'::jsonb"))).build()));
    }
}
