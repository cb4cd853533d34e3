package io.pgshift.usecase;

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
import io.pgshift.run.NewRun;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import io.pgshift.run.StateSchema;
import io.pgshift.run.StepStore;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs built in code and walked to the state a use case is tried from; each name is its own table
 * (its playbook the name with dashes).
 */
final class LifecycleRuns {
    static final String SUBMITTER = "alice";

    private final TestDatabase db;
    private final RunStore runs = new RunStore(new StepStore());

    LifecycleRuns(TestDatabase db) throws SQLException {
        this.db = db;
        try (Connection c = db.connect()) {
            StateSchema.migrate(c);
        }
    }

    /** A new run of playbook {@code name} submitted by {@link #SUBMITTER}, moved through {@code states}. */
    RunRecord run(String name, RunState... states) throws SQLException {
        try (Connection c = db.connect()) {
            Playbook playbook = playbook(name);
            RunRecord run = runs.createOrResume(c, new NewRun(playbook, plan(playbook), SUBMITTER,
                    Set.of(new TableRef("public", name)))).run();
            for (RunState to : states) {
                run = runs.transition(c, run.id(), run.state(), to, null);
            }
            return run;
        }
    }

    RunRecord find(long runId) throws SQLException {
        try (Connection c = db.connect()) {
            return runs.find(c, runId).orElseThrow();
        }
    }

    /** The audit rows of the run with {@code action}, as {@code actor details} lines. */
    List<String> audited(long runId, String action) {
        Object rows = db.queryValue("SELECT coalesce(string_agg(actor || ' ' || details::text, E'\\n' ORDER BY id), '')"
                + " FROM pgshift.audit_log WHERE run_id = " + runId + " AND action = '" + action + "'");
        return rows.toString().isEmpty() ? List.of() : List.of(rows.toString().split("\n"));
    }

    private static Playbook playbook(String table) {
        String name = table.replace('_', '-');
        String yaml = "name: " + name + "\nexpand:\n  - add_column: {table: " + table + ", column: note, type: text}\n";
        return new Playbook(name, "add " + table + ".note", Settings.DEFAULT, Requires.NONE, List.of(), List.of(),
                List.of(), name + ".yaml", yaml, Map.of());
    }

    private static Plan plan(Playbook playbook) {
        String table = playbook.name().replace('-', '_');
        Statement add = new Statement("ALTER TABLE public." + table + " ADD COLUMN IF NOT EXISTS note text", table,
                LockMode.ACCESS_EXCLUSIVE, TableImpact.METADATA, TxMode.TRANSACTION, Statement.TimeoutClass.SHORT, null);
        return new Plan(playbook.name(), playbook.checksum(), "test", "15", Settings.DEFAULT, List.of(
                new PlannedStep(1, Phase.EXPAND, StepKind.ADD_COLUMN, "expand[0].add_column", "add column", List.of(add),
                        false, null)));
    }
}
