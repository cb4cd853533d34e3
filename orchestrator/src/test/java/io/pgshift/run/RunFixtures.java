package io.pgshift.run;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.Settings;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Map;

/** Playbooks and plans built in code: the store only needs their name, text, checksum and steps. */
final class RunFixtures {
    private RunFixtures() {
    }

    static Playbook playbook(String name, String table, String column) {
        String yaml = "name: " + name + "\nexpand:\n  - add_column: {table: " + table + ", column: " + column
                + ", type: text}\n";
        return new Playbook(name, "add " + table + "." + column, Settings.DEFAULT, Requires.NONE, List.of(), List.of(),
                List.of(), name + ".yaml", yaml, Map.of());
    }

    static Plan plan(Playbook playbook, String table, String column) {
        Statement add = new Statement("ALTER TABLE public." + table + " ADD COLUMN IF NOT EXISTS " + column + " text",
                table, LockMode.ACCESS_EXCLUSIVE, TableImpact.METADATA, TxMode.TRANSACTION,
                Statement.TimeoutClass.SHORT, null);
        Statement index = new Statement("CREATE INDEX CONCURRENTLY IF NOT EXISTS " + table + "_" + column + "_idx ON public."
                + table + " (" + column + ")", table, LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN,
                TxMode.NO_TRANSACTION, Statement.TimeoutClass.SCAN, null);
        return new Plan(playbook.name(), playbook.checksum(), "test", "15", Settings.DEFAULT, List.of(
                new PlannedStep(1, Phase.EXPAND, StepKind.ADD_COLUMN, "expand[0].add_column", "add column", List.of(add),
                        false, null),
                new PlannedStep(2, Phase.EXPAND, StepKind.CREATE_INDEX, "expand[1].create_index", "create index",
                        List.of(index), false, null)));
    }

    static TableRef table(String name) {
        return new TableRef("public", name);
    }
}
