package io.pgshift.plan.op;

import io.pgshift.backfill.KeyColumn;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Sql;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code keep_in_sync} trigger: while the backfill runs, rows written by code that does not
 * know the new columns get them filled with the same expressions the backfill uses.
 *
 * <p>The function declares one PL/pgSQL variable per column of the table, initialised from
 * {@code NEW}, so a backfill expression such as {@code coalesce(theme, 'light')} runs unchanged.
 * A target column is computed on INSERT when left NULL, and on UPDATE when the writer left it
 * unchanged; a writer that sets it itself (new application code) wins.
 */
public final class SyncTriggerOperation implements Operation {
    private final Backfill spec;
    private final List<KeyColumn> tableColumns;

    /** {@code tableColumns}: every column of the table after expand, with its type. */
    public SyncTriggerOperation(Backfill spec, List<KeyColumn> tableColumns) {
        this.spec = spec;
        this.tableColumns = List.copyOf(tableColumns);
    }

    /** {@code pgshift_sync_<table>_<columns>}: both the function and the trigger are named so. */
    public static String triggerName(Backfill spec) {
        return Names.fit("pgshift_sync_" + spec.table().name() + "_" + String.join("_", spec.set().keySet()));
    }

    @Override
    public StepKind kind() {
        return StepKind.INSTALL_SYNC_TRIGGER;
    }

    @Override
    public String summary() {
        return "install trigger " + triggerName(spec) + " on " + spec.table().display() + " keeping "
                + String.join(", ", spec.set().keySet()) + " in sync";
    }

    @Override
    public List<Statement> apply() {
        TableRef table = spec.table();
        String name = triggerName(spec);
        String function = Sql.ident(table.schema()) + "." + Sql.ident(name);
        Statement createFunction = new Statement(functionSql(function), table.display(), LockMode.NONE,
                TableImpact.METADATA, TxMode.TRANSACTION, TimeoutClass.SHORT, null);
        Statement createTrigger = Statements.metadata("CREATE TRIGGER " + Sql.ident(name)
                        + " BEFORE INSERT OR UPDATE ON " + table.sql() + " FOR EACH ROW EXECUTE FUNCTION " + function + "()",
                table, LockMode.SHARE_ROW_EXCLUSIVE, Guards.triggerExists(table, name));
        return List.of(createFunction, createTrigger);
    }

    private String functionSql(String function) {
        List<String> lines = new ArrayList<>();
        lines.add("CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $pgshift$");
        // Names resolve as in the backfill's UPDATE: a column of a table in scope (a subquery's
        // FROM, e.g. school_classes.name) wins over the row's variable of the same name; where no
        // table is in scope the name is the row's value. use_variable made such a subquery compare
        // the written row's own column and silently yield NULL.
        lines.add("#variable_conflict use_column");
        lines.add("DECLARE");
        for (KeyColumn c : tableColumns) {
            lines.add("    " + Sql.ident(c.name()) + " " + c.type() + " := NEW." + Sql.ident(c.name()) + ";");
        }
        lines.add("BEGIN");
        String filter = spec.where() == null ? "" : " AND (" + spec.where() + ")";
        for (Map.Entry<String, String> e : spec.set().entrySet()) {
            String col = "NEW." + Sql.ident(e.getKey());
            lines.add("    IF ((TG_OP = 'INSERT' AND " + col + " IS NULL) OR (TG_OP = 'UPDATE' AND " + col
                    + " IS NOT DISTINCT FROM OLD." + Sql.ident(e.getKey()) + "))" + filter + " THEN");
            lines.add("        " + col + " := (" + e.getValue() + ");");
            lines.add("    END IF;");
        }
        lines.add("    RETURN NEW;");
        lines.add("END");
        lines.add("$pgshift$");
        return String.join("\n", lines);
    }

    /** Removes trigger and function; used after contract and by rollback. */
    public List<Statement> drop() {
        TableRef table = spec.table();
        String name = triggerName(spec);
        return List.of(
                Statements.metadata("DROP TRIGGER IF EXISTS " + Sql.ident(name) + " ON " + table.sql(), table,
                        LockMode.ACCESS_EXCLUSIVE, null),
                new Statement("DROP FUNCTION IF EXISTS " + Sql.ident(table.schema()) + "." + Sql.ident(name) + "()",
                        table.display(), LockMode.NONE, TableImpact.METADATA, TxMode.TRANSACTION, TimeoutClass.SHORT, null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return drop();
    }
}
