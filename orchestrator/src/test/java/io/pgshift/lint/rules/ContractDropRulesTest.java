package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.addColumn;
import static io.pgshift.lint.PlaybookFixture.fill;
import static io.pgshift.lint.PlaybookFixture.notKeptInSync;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.setNotNull;
import static io.pgshift.lint.PlaybookFixture.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.lint.Finding;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.DropColumn;
import io.pgshift.playbook.DropIndex;
import io.pgshift.playbook.DropTable;
import io.pgshift.playbook.ReferentialAction;
import io.pgshift.playbook.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractDropRulesTest {
    private static DropColumn dropColumn(String table, String column) {
        return new DropColumn(table(table), column);
    }

    private static List<String> messages(List<Finding> findings) {
        return findings.stream().map(f -> f.path() + ": " + f.message()).toList();
    }

    @Test
    void warnsThatDroppedColumnsAndTablesLoseTheirDataForGood() {
        List<Finding> findings = new ContractDropLosesDataRule().check(playbook()
                .contract(new DropIndex(new TableRef("public", "users_legacy_idx"), table("users")),
                        dropColumn("users", "legacy"), new DropTable(table("old_events")))
                .build());

        assertEquals(List.of("contract[1].drop_column: drops users.legacy and its value in every row: no rollback"
                        + " brings it back, only a backup",
                "contract[2].drop_table: drops old_events and every row of it: no rollback brings it back, only a backup"),
                messages(findings));
        assertTrue(findings.stream().allMatch(f -> f.severity() == Severity.WARNING));
    }

    @Test
    void refusesToDropAColumnTheRetainedSyncTriggerOfThePlaybookReads() {
        List<Finding> findings = new ContractDropStillUsedRule().check(playbook()
                .expand(addColumn("users", "theme_id", "int"))
                .backfill(fill("users", "theme_id", "1"))
                .contract(dropColumn("users", "nickname"))
                .build());

        assertEquals(1, findings.size());
        assertEquals("contract[0].drop_column", findings.get(0).path());
        assertTrue(findings.get(0).message().contains("every INSERT and UPDATE of users fails"), findings.get(0).message());
        assertEquals(Severity.ERROR, findings.get(0).severity());
    }

    @Test
    void refusesToDropAColumnThePlaybookCopiesFromIndexesOrConstrains() {
        List<Finding> findings = new ContractDropStillUsedRule().check(playbook()
                .expand(addColumn("users", "theme_id", "int"),
                        new CreateIndex(table("users"), "users_theme_idx", List.of("theme"), "btree", false, null))
                .backfill(notKeptInSync(fill("users", "theme_id", "CASE WHEN theme = 'dark' THEN 2 ELSE 1 END")))
                .contract(setNotNull("users", "theme"), dropColumn("users", "theme"))
                .build());

        assertEquals(List.of("contract[1].drop_column: drops users.theme, which expand[1].create_index indexes it",
                "contract[1].drop_column: drops users.theme, which backfill[0] reads it",
                "contract[1].drop_column: drops users.theme, which contract[0].set_not_null makes it NOT NULL"),
                messages(findings));
    }

    @Test
    void refusesToDropATableAnotherStepChangesOrReferences() {
        List<Finding> findings = new ContractDropStillUsedRule().check(playbook()
                .expand(addColumn("old_events", "note", "text"))
                .contract(new AddForeignKey(table("audits"), List.of("event_id"), table("old_events"), List.of("id"),
                        ReferentialAction.NO_ACTION, "audits_event_id_fkey"), new DropTable(table("old_events")))
                .build());

        assertEquals(List.of("contract[1].drop_table: drops old_events, which expand[0].add_column adds a column to it",
                "contract[1].drop_table: drops old_events, which contract[0].add_foreign_key references it"),
                messages(findings));
    }

    @Test
    void acceptsDroppingAnIndexBeforeTheColumnItCoversAndColumnsNoOtherStepUses() {
        assertEquals(List.of(), new ContractDropStillUsedRule().check(playbook()
                .expand(addColumn("users", "theme_id", "int"))
                .backfill(notKeptInSync(fill("users", "theme_id", "1")))
                .contract(new DropIndex(new TableRef("public", "users_legacy_idx"), table("users")),
                        dropColumn("users", "legacy"), dropColumn("orders", "theme_id"))
                .build()));
    }
}
