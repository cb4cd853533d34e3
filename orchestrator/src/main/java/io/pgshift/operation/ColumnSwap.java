package io.pgshift.operation;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.AlterColumnType;
import io.pgshift.playbook.Sql;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * alter_column_type in contract. {@link #prepare}: each index over the column is built again
 * over the shadow, CONCURRENTLY, and a NOT NULL column gets its validated check on the shadow,
 * so that {@link #swap} only touches the catalog: in one transaction under lock_timeout it
 * renames the columns, moves the default (sequence or identity), NOT NULL, the primary key and
 * unique constraints (USING INDEX), the other indexes, the table's own constraints over the
 * column and the foreign keys of other tables that reference it (dropped and added again NOT
 * VALID, then validated), and turns the trigger around so the old column, kept until cleanup,
 * follows the new one.
 */
final class ColumnSwap {
    private final AlterColumnType spec;
    private final TableInfo table;
    private final ColumnInfo column;

    ColumnSwap(AlterColumnType spec, TableInfo table) {
        this.spec = spec;
        this.table = table;
        this.column = table.column(spec.column()).orElseThrow();
    }

    /** An index pgshift can build again over the shadow: plain column keys only. */
    static boolean plain(IndexInfo index) {
        return index.columns().stream().noneMatch(c -> c.contains("(") || c.contains(" "));
    }

    private List<IndexInfo> indexes() {
        return table.indexes().stream().filter(i -> i.columns().contains(spec.column()) && !i.partial() && plain(i))
                .toList();
    }

    Operation prepare() {
        TableRef t = spec.table();
        String swapped = ShadowColumns.swapped(spec);
        List<Statement> statements = new ArrayList<>();
        for (IndexInfo index : indexes()) {
            String shadow = ShadowColumns.shadowIndex(index.name());
            List<String> columns = index.columns().stream().map(c -> c.equals(spec.column()) ? spec.shadow() : c).toList();
            statements.add(Statements.dropInvalidIndex(t, shadow));
            statements.add(Statements.buildIndexConcurrently("CREATE " + (index.unique() ? "UNIQUE " : "")
                    + "INDEX CONCURRENTLY IF NOT EXISTS " + Sql.ident(shadow) + " ON " + t.sql() + " USING "
                    + index.method() + " (" + Sql.idents(columns) + ")", t, swapped));
        }
        if (column.notNull()) {
            String check = ShadowColumns.notNullCheck(spec);
            statements.add(Statements.metadata("ALTER TABLE " + t.sql() + " ADD CONSTRAINT " + Sql.ident(check)
                    + " CHECK (" + Sql.ident(spec.shadow()) + " IS NOT NULL) NOT VALID", t, LockMode.ACCESS_EXCLUSIVE,
                    "SELECT (" + swapped + ") OR (" + Guards.constraintExists(t, check) + ")"));
            statements.add(new Statement("ALTER TABLE " + t.sql() + " VALIDATE CONSTRAINT " + Sql.ident(check),
                    t.display(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN, TxMode.TRANSACTION,
                    Statement.TimeoutClass.SCAN, swapped));
        }
        String summary = "build " + indexes().size() + " index(es) over " + spec.table().display() + "." + spec.shadow()
                + " concurrently" + (column.notNull() ? " and prove it NOT NULL" : "");
        return new FixedOperation(StepKind.PREPARE_SWAP, summary, statements, undoPrepare());
    }

    private List<Statement> undoPrepare() {
        TableRef t = spec.table();
        List<Statement> undo = new ArrayList<>();
        indexes().forEach(i -> undo.add(Statements.dropIndex(t, ShadowColumns.shadowIndex(i.name()))));
        undo.add(Statements.dropConstraint(t, ShadowColumns.notNullCheck(spec)));
        return undo;
    }

    Operation swap() {
        TableRef t = spec.table();
        Statement swap = new Statement(swapBlock(), t.display(), LockMode.ACCESS_EXCLUSIVE, TableImpact.METADATA,
                TxMode.TRANSACTION, Statement.TimeoutClass.SHORT, ShadowColumns.swapped(spec));
        Statement validate = new Statement(validateBlock(), t.display(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN,
                TxMode.TRANSACTION, Statement.TimeoutClass.SCAN, null);
        return new FixedOperation(StepKind.SWAP_COLUMN, "swap " + t.display() + "." + spec.column() + " (" + column.type() + ") for "
                + spec.shadow() + " (" + spec.type() + "); the old column stays as " + spec.retired() + " until cleanup",
                List.of(swap, validate), List.of());
    }

    /** The swap, in one transaction: PL/pgSQL so the constraints found at that moment are moved too. */
    private String swapBlock() {
        TableRef t = spec.table();
        String tbl = t.sql();
        String col = Sql.ident(spec.column());
        String shadow = Sql.ident(spec.shadow());
        String retired = Sql.ident(spec.retired());
        String regclass = Sql.literal(tbl) + "::regclass";
        List<String> b = new ArrayList<>();
        b.add("DO $pgshift_swap$");
        b.add("DECLARE");
        b.add("    r record;");
        b.add("    readd text[] := '{}';");
        b.add("    stmt text;");
        b.add("    seq regclass;");
        b.add("    ident_kind char;");
        b.add("    next_value bigint;");
        b.add("    default_expr text;");
        b.add("BEGIN");
        b.add("    LOCK TABLE " + tbl + " IN ACCESS EXCLUSIVE MODE;");
        b.add("    -- constraints over the column, the table's own and other tables' foreign keys to it: re-added NOT VALID");
        b.add("    FOR r IN SELECT con.conname, con.conrelid::regclass AS owner, pg_get_constraintdef(con.oid) AS def");
        b.add("               FROM pg_constraint con, pg_attribute a");
        b.add("              WHERE a.attrelid = " + regclass + " AND a.attname = " + Sql.literal(spec.column()));
        b.add("                AND ((con.conrelid = a.attrelid AND con.contype IN ('c', 'f') AND a.attnum = ANY (con.conkey))");
        b.add("                  OR (con.confrelid = a.attrelid AND con.contype = 'f' AND a.attnum = ANY (con.confkey))) LOOP");
        b.add("        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.owner, r.conname);");
        b.add("        readd := readd || format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', r.owner, r.conname,");
        b.add("                                 replace(r.def, ' NOT VALID', ''));");
        b.add("    END LOOP;");
        b.add("    -- the default: an identity, a sequence, or an expression");
        b.add("    SELECT a.attidentity, pg_get_expr(d.adbin, d.adrelid) INTO ident_kind, default_expr");
        b.add("      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum");
        b.add("     WHERE a.attrelid = " + regclass + " AND a.attname = " + Sql.literal(spec.column()) + ";");
        b.add("    seq := pg_get_serial_sequence(" + Sql.literal(tbl) + ", " + Sql.literal(spec.column()) + ")::regclass;");
        b.add("    IF ident_kind IN ('a', 'd') THEN");
        b.add("        EXECUTE format('SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM %s', seq)"
                + " INTO next_value;");
        b.add("        ALTER TABLE " + tbl + " ALTER COLUMN " + col + " DROP IDENTITY;");
        b.add("    ELSIF default_expr IS NOT NULL THEN");
        b.add("        ALTER TABLE " + tbl + " ALTER COLUMN " + col + " DROP DEFAULT;");
        b.add("    END IF;");
        for (IndexInfo index : indexes()) {
            if (index.primary() || index.unique() && constraintOf(index)) {
                b.add("    ALTER TABLE " + tbl + " DROP CONSTRAINT " + Sql.ident(index.name()) + ";");
            } else {
                b.add("    DROP INDEX " + Sql.ident(t.schema()) + "." + Sql.ident(index.name()) + ";");
            }
        }
        b.add("    ALTER TABLE " + tbl + " RENAME COLUMN " + col + " TO " + retired + ";");
        b.add("    ALTER TABLE " + tbl + " RENAME COLUMN " + shadow + " TO " + col + ";");
        if (column.notNull()) {
            b.add("    ALTER TABLE " + tbl + " ALTER COLUMN " + col + " SET NOT NULL;  -- proved by the validated check");
            b.add("    ALTER TABLE " + tbl + " DROP CONSTRAINT " + Sql.ident(ShadowColumns.notNullCheck(spec)) + ";");
            b.add("    ALTER TABLE " + tbl + " ALTER COLUMN " + retired + " DROP NOT NULL;");
        }
        for (IndexInfo index : indexes()) {
            String shadowIndex = Sql.ident(ShadowColumns.shadowIndex(index.name()));
            if (index.primary()) {
                b.add("    ALTER TABLE " + tbl + " ADD CONSTRAINT " + Sql.ident(index.name()) + " PRIMARY KEY USING INDEX "
                        + shadowIndex + ";");
            } else if (index.unique() && constraintOf(index)) {
                b.add("    ALTER TABLE " + tbl + " ADD CONSTRAINT " + Sql.ident(index.name()) + " UNIQUE USING INDEX "
                        + shadowIndex + ";");
            } else {
                b.add("    ALTER INDEX " + Sql.ident(t.schema()) + "." + shadowIndex + " RENAME TO "
                        + Sql.ident(index.name()) + ";");
            }
        }
        b.add("    IF ident_kind IN ('a', 'd') THEN");
        b.add("        EXECUTE format('ALTER TABLE " + tbl.replace("%", "%%") + " ALTER COLUMN " + col.replace("%", "%%")
                + " ADD GENERATED %s AS IDENTITY (START WITH %s)',");
        b.add("                       CASE ident_kind WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END, next_value);");
        b.add("    ELSIF default_expr IS NOT NULL THEN");
        b.add("        EXECUTE format('ALTER TABLE " + tbl.replace("%", "%%") + " ALTER COLUMN " + col.replace("%", "%%")
                + " SET DEFAULT %s', default_expr);");
        b.add("        IF seq IS NOT NULL THEN");
        b.add("            EXECUTE format('ALTER SEQUENCE %s OWNED BY " + tbl.replace("%", "%%") + "." + col.replace("%", "%%")
                + "', seq);");
        b.add("            IF " + Sql.literal(spec.type()) + "::regtype IN ('smallint'::regtype, 'integer'::regtype,"
                + " 'bigint'::regtype) THEN");
        b.add("                EXECUTE format('ALTER SEQUENCE %s AS " + spec.type() + "', seq);");
        b.add("            END IF;");
        b.add("        END IF;");
        b.add("    END IF;");
        b.add("    FOREACH stmt IN ARRAY readd LOOP");
        b.add("        EXECUTE stmt;");
        b.add("    END LOOP;");
        b.add("    -- the old column now follows the new one, where its value fits the old type");
        b.add("    " + ShadowColumns.reverseFunction(spec, column.type()).replace("\n", "\n    ") + ";");
        b.add("    -- the conversion's functions of a row served the backfill, the trigger and the gate: done");
        b.add("    " + ShadowColumns.dropRowFunctions(spec) + ";");
        b.add("    -- PL/pgSQL caches plans typed by the row's old columns in every session: a plan over a column");
        b.add("    -- whose type changed fails there (\"type of parameter does not match that when preparing the");
        b.add("    -- plan\") until the function is compiled again. Touching a function (a new pg_proc row version)");
        b.add("    -- makes every session compile it again: the trigger functions of this table and the functions of");
        b.add("    -- its rows (another alter_column_type's) that pgshift may alter; %TYPE variables take the new type.");
        b.add("    FOR r IN SELECT p.oid::regprocedure AS fn, p.procost FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang");
        b.add("              WHERE l.lanname = 'plpgsql' AND pg_has_role(p.proowner, 'MEMBER')");
        b.add("                AND (p.oid IN (SELECT tgfoid FROM pg_trigger WHERE tgrelid = " + regclass + " AND NOT tgisinternal)");
        b.add("                  OR (SELECT reltype FROM pg_class WHERE oid = " + regclass + ") = ANY (p.proargtypes::oid[])) LOOP");
        b.add("        EXECUTE format('ALTER FUNCTION %s COST %s', r.fn, r.procost);");
        b.add("    END LOOP;");
        b.add("END");
        b.add("$pgshift_swap$");
        return String.join("\n", b);
    }

    /** Validates what the swap re-added NOT VALID: scans under SHARE UPDATE EXCLUSIVE, traffic goes on. */
    private String validateBlock() {
        String regclass = Sql.literal(spec.table().sql()) + "::regclass";
        return "DO $pgshift_validate$\n"
                + "DECLARE\n"
                + "    r record;\n"
                + "BEGIN\n"
                + "    FOR r IN SELECT con.conname, con.conrelid::regclass AS owner FROM pg_constraint con, pg_attribute a\n"
                + "              WHERE NOT con.convalidated AND a.attrelid = " + regclass + " AND a.attname = "
                + Sql.literal(spec.column()) + "\n"
                + "                AND ((con.conrelid = a.attrelid AND a.attnum = ANY (con.conkey))\n"
                + "                  OR (con.confrelid = a.attrelid AND a.attnum = ANY (con.confkey))) LOOP\n"
                + "        EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', r.owner, r.conname);\n"
                + "    END LOOP;\n"
                + "END\n"
                + "$pgshift_validate$";
    }

    /** Whether the unique index backs a constraint of the same name (else it is a plain unique index). */
    private boolean constraintOf(IndexInfo index) {
        return table.constraints().stream().anyMatch(c -> c.name().equals(index.name()) && (c.type() == 'u' || c.type() == 'p'));
    }
}
