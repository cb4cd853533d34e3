package io.pgshift.operation;

import io.pgshift.backfill.KeyColumn;
import io.pgshift.backfill.SyncTriggerPass;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BackfillSource;
import io.pgshift.playbook.DollarQuote;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code keep_in_sync} trigger: while the backfill runs, rows written by code that does not
 * know the new columns get them filled with the same expressions the backfill uses.
 *
 * <p>The function declares one PL/pgSQL variable per column of the table, initialised from
 * {@code NEW}, so a backfill expression such as {@code coalesce(theme, 'light')} runs unchanged.
 * A target column is computed on INSERT when left NULL, and on UPDATE when the writer left it
 * unchanged; a writer that sets it itself (new application code) wins.
 *
 * <p>With {@code from}, each value is read from the joined row, as the backfill's UPDATE ... FROM
 * does: {@code SELECT (expression) INTO ... FROM customers AS customers WHERE customers.id =
 * NEW.customer_id [AND (where)]}, assigned only when a row matched (a row without a match is left
 * alone, as the batches leave it). The function's block is labelled with the table's name, so
 * {@code orders.note} names the row's own variable where the source has a column of that name
 * too, and {@code where} moves into the lookup because it may name the source. The lookup runs
 * with the writer's rights: the application's role must be able to read the source.
 *
 * <p>Every row whose values the trigger actually changed is counted with {@code nextval} on a
 * sequence of its own (the <em>fill counter</em>), and the second of the last fill is kept in a
 * second sequence (the <em>fill clock</em>, set only when the second changed): no row is written
 * per fill, and together they tell whether writers still rely on the trigger and since when they
 * no longer do (pgshift's sync reliance). A recomputed value equal to the one the row already had
 * is not a fill: the new application updating other columns does not count. Both sequences are
 * granted to PUBLIC because the trigger runs with the writing role's rights: without the grants
 * the application's own writes would fail.
 */
public final class SyncTriggerOperation implements Operation {
    /** The SQLSTATE (class P0, PL/pgSQL) the guarded drop raises when the trigger filled rows meanwhile. */
    public static final String WRITERS_CAME_BACK = "P0P01";
    /** A variable of the trigger function; its odd name keeps it clear of the table's column variables. */
    private static final String FILLED = "pgshift_filled__";
    /** The joined row's value of one expression, read by a {@code from:} backfill's trigger. */
    private static final String JOINED = "pgshift_joined__";

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

    /** Whether a trigger is one of pgshift's sync triggers: their function reads every column of the table. */
    public static boolean isSyncTrigger(String trigger) {
        return trigger.startsWith("pgshift_sync_");
    }

    /** {@code pgshift_fills_<table>_<columns>}: the sequence counting the rows the trigger filled, in the table's schema. */
    public static String counterName(Backfill spec) {
        return Names.fit("pgshift_fills_" + spec.table().name() + "_" + String.join("_", spec.set().keySet()));
    }

    /** {@code pgshift_filled_at_<table>_<columns>}: the sequence holding the epoch second of the last fill (0: none). */
    public static String clockName(Backfill spec) {
        return Names.fit("pgshift_filled_at_" + spec.table().name() + "_" + String.join("_", spec.set().keySet()));
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
        String function = Quoting.ident(table.schema()) + "." + Quoting.ident(name);
        String counter = Quoting.ident(table.schema()) + "." + Quoting.ident(counterName(spec));
        String clock = Quoting.ident(table.schema()) + "." + Quoting.ident(clockName(spec));
        Statement createCounter = catalogOnly("CREATE SEQUENCE IF NOT EXISTS " + counter + " AS bigint NO CYCLE", table);
        Statement createClock = catalogOnly("CREATE SEQUENCE IF NOT EXISTS " + clock + " AS bigint MINVALUE 0 START 0"
                + " NO CYCLE", table);
        Statement grantCounter = catalogOnly("GRANT USAGE ON SEQUENCE " + counter + " TO PUBLIC", table);
        Statement grantClock = catalogOnly("GRANT SELECT, UPDATE ON SEQUENCE " + clock + " TO PUBLIC", table);
        Statement createFunction = catalogOnly(functionSql(function, counter, clock), table);
        Statement createTrigger = Statements.metadata("CREATE TRIGGER " + Quoting.ident(name)
                        + " BEFORE INSERT OR UPDATE ON " + table.sql() + " FOR EACH ROW " + SyncTriggerPass.when(name)
                        + " EXECUTE FUNCTION " + function + "()",
                table, LockMode.SHARE_ROW_EXCLUSIVE, Guards.triggerExists(table, name));
        return List.of(createCounter, createClock, grantCounter, grantClock, createFunction, createTrigger);
    }

    private static Statement catalogOnly(String sql, TableRef table) {
        return Statements.ownObject(sql, table, null);
    }

    private String functionSql(String function, String counter, String clock) {
        List<String> lines = new ArrayList<>();
        // Names resolve as in the backfill's UPDATE: a column of a table in scope (a subquery's
        // FROM, e.g. school_classes.name) wins over the row's variable of the same name; where no
        // table is in scope the name is the row's value. use_variable made such a subquery compare
        // the written row's own column and silently yield NULL.
        lines.add("#variable_conflict use_column");
        BackfillSource from = spec.from();
        if (from != null) {
            lines.add("<<" + Quoting.ident(spec.table().name()) + ">>");
        }
        lines.add("DECLARE");
        for (KeyColumn c : tableColumns) {
            // %TYPE: a later alter_column_type of the column recompiles this function with its new type
            lines.add("    " + Quoting.ident(c.name()) + " " + ShadowColumns.columnType(spec.table(), c.name()) + " := NEW."
                    + Quoting.ident(c.name()) + ";");
        }
        lines.add("    " + FILLED + " boolean := false;");
        if (from != null) {
            lines.add("    " + JOINED + " record;");
        }
        lines.add("BEGIN");
        String filter = spec.where() == null || from != null ? "" : " AND (" + spec.where() + ")";
        for (Map.Entry<String, String> e : spec.set().entrySet()) {
            String col = "NEW." + Quoting.ident(e.getKey());
            lines.add("    IF ((TG_OP = 'INSERT' AND " + col + " IS NULL) OR (TG_OP = 'UPDATE' AND " + col
                    + " IS NOT DISTINCT FROM OLD." + Quoting.ident(e.getKey()) + "))" + filter + " THEN");
            // the column's variable still holds the value the writer gave
            String filled = FILLED + " := " + FILLED + " OR " + col + " IS DISTINCT FROM " + Quoting.ident(e.getKey()) + ";";
            if (from == null) {
                lines.add("        " + col + " := (" + e.getValue() + ");");
                lines.add("        " + filled);
            } else {
                lines.add("        SELECT (" + e.getValue() + ") AS value INTO " + JOINED + " FROM " + lookup(from) + ";");
                lines.add("        IF FOUND THEN");
                lines.add("            " + col + " := " + JOINED + ".value;");
                lines.add("            " + filled);
                lines.add("        END IF;");
            }
            lines.add("    END IF;");
        }
        lines.add("    IF " + FILLED + " THEN");
        lines.add("        PERFORM nextval(" + Quoting.literal(counter) + ");");
        // one write of the clock per second at most: most fills only read it
        lines.add("        IF coalesce(pg_sequence_last_value(" + Quoting.literal(clock) + "::regclass), 0)"
                + " < extract(epoch FROM clock_timestamp())::bigint THEN");
        lines.add("            PERFORM setval(" + Quoting.literal(clock) + ", extract(epoch FROM clock_timestamp())::bigint);");
        lines.add("        END IF;");
        lines.add("    END IF;");
        lines.add("    RETURN NEW;");
        lines.add("END");
        return "CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS "
                + DollarQuote.around("pgshift", String.join("\n", lines));
    }

    /** {@code "public"."customers" AS "customers" WHERE "customers"."id" = NEW."customer_id" AND (where)}. */
    private String lookup(BackfillSource from) {
        String source = Quoting.ident(from.table().name());
        return from.table().sql() + " AS " + source + " WHERE " + from.on().entrySet().stream()
                .map(p -> source + "." + Quoting.ident(p.getValue()) + " = NEW." + Quoting.ident(p.getKey()))
                .collect(Collectors.joining(" AND ")) + (spec.where() == null ? "" : " AND (" + spec.where() + ")");
    }

    /** Removes trigger, function and fill sequences unconditionally; rollback's undo. */
    public List<Statement> drop() {
        return dropStatements(spec.table(), triggerName(spec), counterName(spec), clockName(spec), null);
    }

    /**
     * Removes a sync trigger, its function and its fill counter. With {@code expectedFills}, the
     * trigger's removal checks, once it holds the table's lock (no write is in flight then), that
     * the counter still reads that many fills, and rolls back otherwise: a writer that filled a row
     * after the decision to drop keeps its trigger.
     */
    public static List<Statement> dropStatements(TableRef table, String trigger, String counter, String clock,
                                                 Long expectedFills) {
        String dropTrigger = "DROP TRIGGER IF EXISTS " + Quoting.ident(trigger) + " ON " + table.sql();
        String counterSql = Quoting.ident(table.schema()) + "." + Quoting.ident(counter);
        // the counter is read with EXECUTE: PL/pgSQL would otherwise resolve it when the block is
        // compiled, and fail where it never existed (alter_column_type's trigger counts nothing)
        String sql = expectedFills == null ? dropTrigger
                : "DO " + DollarQuote.around("pgshift",
                "DECLARE\n    fills bigint := " + expectedFills + ";\nBEGIN\n    " + dropTrigger + ";\n"
                + "    IF to_regclass(" + Quoting.literal(counterSql) + ") IS NOT NULL THEN\n"
                + "        EXECUTE " + Quoting.literal("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + counterSql)
                + " INTO fills;\n"
                + "    END IF;\n"
                + "    IF fills <> " + expectedFills + " THEN\n"
                + "        RAISE EXCEPTION 'sync trigger % filled rows after it was judged unused; it stays', "
                + Quoting.literal(trigger) + " USING ERRCODE = '" + WRITERS_CAME_BACK + "';\n"
                + "    END IF;\nEND");
        return List.of(
                Statements.metadata(sql, table, LockMode.ACCESS_EXCLUSIVE, null),
                catalogOnly("DROP FUNCTION IF EXISTS " + Quoting.ident(table.schema()) + "." + Quoting.ident(trigger) + "()", table),
                catalogOnly("DROP SEQUENCE IF EXISTS " + counterSql + ", " + Quoting.ident(table.schema()) + "."
                        + Quoting.ident(clock), table));
    }

    /** The old column alter_column_type kept after its swap, dropped at cleanup with its trigger. */
    public static Statement dropColumn(TableRef table, String column) {
        return Statements.metadata("ALTER TABLE " + table.sql() + " DROP COLUMN IF EXISTS " + Quoting.ident(column), table,
                LockMode.ACCESS_EXCLUSIVE, null);
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return drop();
    }
}
