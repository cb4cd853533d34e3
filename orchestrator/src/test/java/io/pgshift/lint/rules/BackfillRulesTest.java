package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.addColumn;
import static io.pgshift.lint.PlaybookFixture.addColumnWithDefault;
import static io.pgshift.lint.PlaybookFixture.fill;
import static io.pgshift.lint.PlaybookFixture.notKeptInSync;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.setNotNull;
import static io.pgshift.lint.PlaybookFixture.where;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void warnsWhenATightenedColumnIsFilledWithoutKeepInSync() {
        List<Finding> findings = new BackfillKeepInSyncMissingRule().check(playbook()
                .expand(addColumn("users", "prefs", "jsonb"))
                .backfill(notKeptInSync(fill("users", "prefs", "'{}'::jsonb")))
                .contract(setNotNull("users", "prefs"))
                .build());

        assertEquals(List.of("backfill[0].keep_in_sync"), findings.stream().map(Finding::path).toList());
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
