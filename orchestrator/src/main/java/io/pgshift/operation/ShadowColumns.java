package io.pgshift.operation;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.playbook.AlterColumnType;
import io.pgshift.playbook.DollarQuote;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
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
        return Quoting.ident(step.table().schema()) + "." + Quoting.ident(trigger(step));
    }

    /** {@code <trigger>_value(row)}: the row's converted value, NULL where the conversion fails. */
    static String valueFunction(AlterColumnType step) {
        return Quoting.ident(step.table().schema()) + "." + Quoting.ident(Names.fit(trigger(step) + "_value"));
    }

    /** {@code <trigger>_error(row)}: why the row's conversion fails, NULL where it succeeds. */
    static String errorFunction(AlterColumnType step) {
        return Quoting.ident(step.table().schema()) + "." + Quoting.ident(Names.fit(trigger(step) + "_error"));
    }

    /** Drops both functions of one row ({@code DROP FUNCTION} takes a list). */
    static String dropRowFunctions(AlterColumnType step) {
        String row = "(" + step.table().sql() + ")";
        return "DROP FUNCTION IF EXISTS " + valueFunction(step) + row + ", " + errorFunction(step) + row;
    }

    /** The converted value of row {@code alias}, as the backfill, the trigger and the gate read it. */
    static String value(AlterColumnType step, String alias) {
        return valueFunction(step) + "(" + alias + ")";
    }

    /** Why the conversion of row {@code alias} fails; NULL where it does not. */
    static String error(AlterColumnType step, String alias) {
        return errorFunction(step) + "(" + alias + ")";
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
        String table = Quoting.literal(t.sql()) + "::regclass";
        return "SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = " + table + " AND attname = "
                + Quoting.literal(step.shadow()) + " AND NOT attisdropped) AND EXISTS (SELECT 1 FROM pg_attribute"
                + " WHERE attrelid = " + table + " AND attname = " + Quoting.literal(step.column())
                + " AND NOT attisdropped AND atttypid = " + Quoting.literal(step.type()) + "::regtype)";
    }

    /**
     * The function keeping the shadow column equal to the conversion of the row on every INSERT
     * and UPDATE, before the swap. A value that does not convert leaves the shadow NULL: the
     * application's write goes through, and the gate shows the row.
     */
    static String forwardFunction(AlterColumnType step) {
        return "CREATE OR REPLACE FUNCTION " + function(step) + "() RETURNS trigger LANGUAGE plpgsql AS "
                + DollarQuote.around("pgshift",
                "BEGIN\n"
                + "    NEW." + Quoting.ident(step.shadow()) + " := " + value(step, "NEW") + ";\n"
                + "    RETURN NEW;\n"
                + "END");
    }

    /**
     * The conversion of one row of the table (its columns, shadow included, as {@code table}
     * lists them), as a function of the row: one variable per column, as the sync trigger
     * declares them, so {@code using} names columns as the backfill's UPDATE would. A conversion
     * that can fail runs in its own exception block (a subtransaction that writes nothing, so it
     * takes no transaction id): NULL where it fails. One that cannot (the plain cast of a
     * widening, {@link Conversions#cannotFail}) skips the block's cost on every row.
     */
    static String valueFunctionSql(AlterColumnType step, TableInfo table, boolean cannotFail) {
        List<String> lines = rowFunctionHead(valueFunction(step), step, table, step.type());
        lines.add("    pgshift_converted := (" + step.conversion() + ");");
        lines.add("    RETURN pgshift_converted;");
        if (!cannotFail) {
            lines.add("EXCEPTION WHEN OTHERS THEN");
            lines.add("    RETURN NULL;");
        }
        return rowFunctionTail(lines);
    }

    /** As {@link #valueFunctionSql}, returning the error (SQLSTATE and message) instead of the value. */
    static String errorFunctionSql(AlterColumnType step, TableInfo table, boolean cannotFail) {
        List<String> lines = rowFunctionHead(errorFunction(step), step, table, "text");
        if (!cannotFail) {
            lines.add("    pgshift_converted := (" + step.conversion() + ");");
        }
        lines.add("    RETURN NULL;");
        if (!cannotFail) {
            lines.add("EXCEPTION WHEN OTHERS THEN");
            lines.add("    RETURN SQLSTATE || ': ' || SQLERRM;");
        }
        return rowFunctionTail(lines);
    }

    /**
     * The head of a function of one row: the conversion is assigned to a variable of the new type
     * inside the block, so the assignment cast of a {@code using} of another type fails in the
     * block too (a RETURN's cast to the result type would happen after it).
     */
    private static List<String> rowFunctionHead(String name, AlterColumnType step, TableInfo table, String returns) {
        List<String> lines = new ArrayList<>();
        lines.add("CREATE OR REPLACE FUNCTION " + name + "(pgshift_row " + step.table().sql() + ") RETURNS " + returns
                + " LANGUAGE plpgsql AS");
        lines.add("#variable_conflict use_column");
        lines.add("DECLARE");
        for (ColumnInfo c : table.columns()) {
            lines.add("    " + Quoting.ident(c.name()) + " " + columnType(step.table(), c.name()) + " := pgshift_row."
                    + Quoting.ident(c.name()) + ";");
        }
        lines.add("    pgshift_converted " + step.type() + ";");
        lines.add("BEGIN");
        return lines;
    }

    /**
     * A variable of a column's type as {@code %TYPE}, resolved when the function is compiled: a
     * later swap of that column's type touches the function ({@link ColumnSwap}), every session
     * compiles it again and the variable takes the new type (a spelled-out type would keep the
     * old one, and a cached plan of the old one fails on the new).
     */
    static String columnType(TableRef table, String column) {
        return table.sql() + "." + Quoting.ident(column) + "%TYPE";
    }

    private static String rowFunctionTail(List<String> lines) {
        lines.add("END");
        // the first line is the CREATE FUNCTION head, the rest the body
        return lines.get(0) + " " + DollarQuote.around("pgshift", String.join("\n", lines.subList(1, lines.size())));
    }

    /**
     * After the swap the old column, kept until cleanup, follows the new one where the value
     * still fits its type (NULL where it does not): a write never fails because of it.
     */
    static String reverseFunction(AlterColumnType step, String oldType) {
        String column = "NEW." + Quoting.ident(step.column());
        String retired = "NEW." + Quoting.ident(step.retired());
        return "CREATE OR REPLACE FUNCTION " + function(step) + "() RETURNS trigger LANGUAGE plpgsql AS "
                + DollarQuote.around("fn",
                "BEGIN\n"
                + "    BEGIN\n"
                + "        " + retired + " := " + column + "::" + oldType + ";\n"
                + "    EXCEPTION WHEN OTHERS THEN\n"
                + "        " + retired + " := NULL;\n"
                + "    END;\n"
                + "    RETURN NEW;\n"
                + "END");
    }
}
