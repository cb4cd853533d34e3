package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.addColumn;
import static io.pgshift.lint.PlaybookFixture.addColumnWithDefault;
import static io.pgshift.lint.PlaybookFixture.fill;
import static io.pgshift.lint.PlaybookFixture.notKeptInSync;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.setNotNull;
import static io.pgshift.lint.PlaybookFixture.table;
import static io.pgshift.lint.PlaybookFixture.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.lint.Finding;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.SetDefault;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractOldInsertsRulesTest {
    private final ContractOldInsertsOmitColumnRule omit = new ContractOldInsertsOmitColumnRule();
    private final ContractOldInsertsNeedTriggerRule trigger = new ContractOldInsertsNeedTriggerRule();

    private static SetDefault setDefault(String table, String column, String expr) {
        return new SetDefault(table(table), column, expr);
    }

    private static List<String> paths(List<Finding> findings) {
        return findings.stream().map(Finding::path).toList();
    }

    @Test
    void refusesSetNotNullWhenNoBackfillKeepsTheAddedColumnInSync() {
        Playbook playbook = playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .backfill(notKeptInSync(fill("orders", "currency_code", "'EUR'")))
                .contract(setNotNull("orders", "currency_code"))
                .build();

        List<Finding> findings = omit.check(playbook);

        assertEquals(List.of("contract[0].set_not_null"), paths(findings));
        assertEquals(Severity.ERROR, findings.get(0).severity());
        assertTrue(findings.get(0).message().startsWith("INSERTs that omit orders.currency_code fail after contract"),
                findings.get(0).message());
        assertTrue(findings.get(0).hint().contains("add keep_in_sync: true to backfill[0]"), findings.get(0).hint());
        assertTrue(findings.get(0).hint().contains("settings.hold_before_contract: true"), findings.get(0).hint());
        assertEquals(List.of(), trigger.check(playbook));
    }

    @Test
    void warnsThatTheTriggerIsRetainedWhenOnlyKeepInSyncFillsOldInserts() {
        Playbook playbook = playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .backfill(fill("orders", "currency_code", "'EUR'"))
                .contract(setNotNull("orders", "currency_code"))
                .build();

        List<Finding> findings = trigger.check(playbook);

        assertEquals(List.of("contract[0].set_not_null"), paths(findings));
        assertEquals(Severity.WARNING, findings.get(0).severity());
        assertTrue(findings.get(0).message().contains("the trigger will be retained after contract until writers set "
                + "the column"), findings.get(0).message());
        assertTrue(findings.get(0).hint().contains("pgshift cleanup RUN"), findings.get(0).hint());
        assertTrue(findings.get(0).hint().contains("settings.sync_quiet_period"), findings.get(0).hint());
        assertEquals(List.of(), omit.check(playbook));
    }

    @Test
    void saysAFilteredTriggerLeavesOtherInsertsFailing() {
        List<Finding> findings = trigger.check(playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .backfill(where(fill("orders", "currency_code", "'EUR'"), "region = 'eu'"))
                .contract(setNotNull("orders", "currency_code"))
                .build());

        assertEquals(1, findings.size());
        assertTrue(findings.get(0).message().contains("fills only rows matching its where filter"),
                findings.get(0).message());
    }

    @Test
    void acceptsASetDefaultThatComesBeforeTheTightening() {
        for (boolean keepInSync : new boolean[] {true, false}) {
            var backfill = fill("orders", "currency_code", "'EUR'");
            Playbook playbook = playbook()
                    .expand(addColumn("orders", "currency_code", "text"))
                    .backfill(keepInSync ? backfill : notKeptInSync(backfill))
                    .contract(setDefault("orders", "currency_code", "'EUR'"),
                            setNotNull("orders", "currency_code"),
                            new AddCheck(table("orders"), "orders_currency_code_len", "length(currency_code) = 3"))
                    .build();

            assertEquals(List.of(), omit.check(playbook));
            assertEquals(List.of(), trigger.check(playbook));
        }
    }

    @Test
    void stillFlagsASetDefaultThatComesAfterAndSaysToMoveIt() {
        Playbook withoutSync = playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .backfill(notKeptInSync(fill("orders", "currency_code", "'EUR'")))
                .contract(setNotNull("orders", "currency_code"), setDefault("orders", "currency_code", "'EUR'"))
                .build();
        Playbook withSync = playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .backfill(fill("orders", "currency_code", "'EUR'"))
                .contract(setNotNull("orders", "currency_code"), setDefault("orders", "currency_code", "'EUR'"))
                .build();

        List<Finding> error = omit.check(withoutSync);
        List<Finding> warning = trigger.check(withSync);

        assertEquals(List.of("contract[0].set_not_null"), paths(error));
        assertTrue(error.get(0).message().contains("contract[1].set_default comes only after this step"),
                error.get(0).message());
        assertTrue(error.get(0).hint().startsWith("move contract[1].set_default before this step"), error.get(0).hint());
        assertEquals(List.of("contract[0].set_not_null"), paths(warning));
        assertTrue(warning.get(0).hint().startsWith("move contract[1].set_default before this step"),
                warning.get(0).hint());
    }

    @Test
    void doesNotCountASetDefaultOfNull() {
        assertEquals(List.of("contract[1].set_not_null"), paths(omit.check(playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .backfill(notKeptInSync(fill("orders", "currency_code", "'EUR'")))
                .contract(setDefault("orders", "currency_code", "NULL"), setNotNull("orders", "currency_code"))
                .build())));
    }

    @Test
    void flagsAnAddCheckThatNamesTheAddedColumn() {
        Playbook playbook = playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .contract(new AddCheck(table("orders"), "orders_currency_code_len", "length(\"currency_code\") = 3"))
                .build();

        List<Finding> findings = omit.check(playbook);

        assertEquals(List.of("contract[0].add_check"), paths(findings));
        assertTrue(findings.get(0).message().contains("either rejects (failed INSERTs) or lets through (rows silently "
                + "missing the value)"), findings.get(0).message());
        assertTrue(findings.get(0).hint().startsWith("add a backfill of currency_code with keep_in_sync: true"),
                findings.get(0).hint());
    }

    @Test
    void leavesAnAddCheckThatDoesNotNameTheAddedColumn() {
        Playbook playbook = playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .backfill(notKeptInSync(fill("orders", "currency_code", "'EUR'")))
                .contract(new AddCheck(table("orders"), "orders_total_positive", "total >= 0 AND note <> 'currency_code'"),
                        new AddCheck(table("invoices"), "invoices_currency_code_len", "length(currency_code) = 3"))
                .build();

        assertEquals(List.of(), omit.check(playbook));
        assertEquals(List.of(), trigger.check(playbook));
    }

    @Test
    void leavesColumnsThePlaybookDoesNotAddOrAddsWithAValue() {
        Playbook playbook = playbook()
                .expand(addColumnWithDefault("orders", "status", "text", "'new'"),
                        new AddColumn(table("orders"), "currency_code", "text", "'EUR'", true))
                .backfill(notKeptInSync(fill("orders", "email", "lower(email)")))
                .contract(setNotNull("orders", "email"), setNotNull("orders", "status"),
                        setNotNull("orders", "currency_code"),
                        new AddCheck(table("orders"), "orders_email_lower", "email = lower(email)"))
                .build();

        assertEquals(List.of(), omit.check(playbook));
        assertEquals(List.of(), trigger.check(playbook));
    }

    @Test
    void leavesASetNotNullNothingFillsToContractUncoveredColumn() {
        Playbook playbook = playbook()
                .expand(addColumn("orders", "currency_code", "text"))
                .contract(setNotNull("orders", "currency_code"))
                .build();

        assertEquals(List.of(), omit.check(playbook));
        assertEquals(List.of("contract[0].set_not_null"), paths(new ContractUncoveredColumnRule().check(playbook)));
    }
}
