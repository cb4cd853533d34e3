package io.pgshift.operation;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.playbook.AlterColumnType;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Sql;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The names and SQL of alter_column_type's shadow column machinery: its trigger and function,
 * the guard that says the swap already happened, and the shadow's indexes.
 */
final class ShadowColumns {
    private ShadowColumns() {
    }

    /** {@code pgshift_shadow_<table>_<column>}: the trigger and its function. */
    static String trigger(AlterColumnType step) {
        return Names.fit("pgshift_shadow_" + step.table().name() + "_" + step.column());
    }

    static String function(AlterColumnType step) {
        return Sql.ident(step.table().schema()) + "." + Sql.ident(trigger(step));
    }

    /** The shadow index built for {@code index} ({@code <index>_pgshift_new}). */
    static String shadowIndex(String index) {
        return Names.fit(index + "_pgshift_new");
    }

    /** The temporary check proving the shadow column NOT NULL before the swap. */
    static String notNullCheck(AlterColumnType step) {
        return Names.fit(step.table().name() + "_" + step.shadow() + "_not_null");
    }

    /**
     * True once the swap happened: the shadow column is gone and the column has the new type.
     * Every statement before the swap is skipped then, so a run applied again, or resumed after a
     * crash past the swap, does not start over on the new column.
     */
    static String swapped(AlterColumnType step) {
        TableRef t = step.table();
        String table = Sql.literal(t.sql()) + "::regclass";
        return "SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = " + table + " AND attname = "
                + Sql.literal(step.shadow()) + " AND NOT attisdropped) AND EXISTS (SELECT 1 FROM pg_attribute"
                + " WHERE attrelid = " + table + " AND attname = " + Sql.literal(step.column())
                + " AND NOT attisdropped AND atttypid = " + Sql.literal(step.type()) + "::regtype)";
    }

    /**
     * The function keeping the shadow column equal to the conversion of the row on every INSERT
     * and UPDATE, before the swap. One variable per column, as the sync trigger does, so the
     * conversion reads exactly as the backfill's UPDATE evaluates it.
     */
    static String forwardFunction(AlterColumnType step, TableInfo table) {
        List<String> lines = new ArrayList<>();
        lines.add("CREATE OR REPLACE FUNCTION " + function(step) + "() RETURNS trigger LANGUAGE plpgsql AS $pgshift$");
        lines.add("#variable_conflict use_column");
        lines.add("DECLARE");
        for (ColumnInfo c : table.columns()) {
            lines.add("    " + Sql.ident(c.name()) + " " + c.type() + " := NEW." + Sql.ident(c.name()) + ";");
        }
        lines.add("BEGIN");
        lines.add("    NEW." + Sql.ident(step.shadow()) + " := (" + step.conversion() + ");");
        lines.add("    RETURN NEW;");
        lines.add("END");
        lines.add("$pgshift$");
        return String.join("\n", lines);
    }

    /**
     * After the swap the old column, kept until cleanup, follows the new one where the value
     * still fits its type (NULL where it does not): a write never fails because of it.
     */
    static String reverseFunction(AlterColumnType step, String oldType) {
        String column = "NEW." + Sql.ident(step.column());
        String retired = "NEW." + Sql.ident(step.retired());
        return "CREATE OR REPLACE FUNCTION " + function(step) + "() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
                + "BEGIN\n"
                + "    BEGIN\n"
                + "        " + retired + " := " + column + "::" + oldType + ";\n"
                + "    EXCEPTION WHEN OTHERS THEN\n"
                + "        " + retired + " := NULL;\n"
                + "    END;\n"
                + "    RETURN NEW;\n"
                + "END\n"
                + "$fn$";
    }
}
