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
import io.pgshift.playbook.DollarQuote;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
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
 *
 * <p>The swap's undo is the same journey the other way ({@link Side#BACK}): the old column, kept
 * in step, gets its indexes and NOT NULL check built again, then takes the name back in one
 * transaction, and the trigger turns forward again; the undo of prepare and of expand then drop
 * what is left of the new column. Refused (the rollback fails, and can be asked again) while a
 * row holds a value the old type cannot hold.
 */
final class ColumnSwap {
    private final AlterColumnType spec;
    private final TableInfo table;
    private final ColumnInfo column;

    /** Which column comes in under the column's name: the shadow (the swap) or the old one (its undo). */
    private enum Side {
        FORWARD, BACK
    }

    ColumnSwap(AlterColumnType spec, TableInfo table) {
        this.spec = spec;
        this.table = table;
        this.column = table.column(spec.column()).orElseThrow();
    }

    /** The column taking the name. */
    private String incoming(Side side) {
        return side == Side.FORWARD ? spec.shadow() : spec.retired();
    }

    /** The column giving the name up. */
    private String outgoing(Side side) {
        return side == Side.FORWARD ? spec.retired() : spec.shadow();
    }

    /** The index built over the incoming column for {@code index}. */
    private static String builtIndex(Side side, String index) {
        return side == Side.FORWARD ? ShadowColumns.shadowIndex(index) : Names.fit(index + "_pgshift_old");
    }

    private String notNullCheck(Side side) {
        return side == Side.FORWARD ? ShadowColumns.notNullCheck(spec)
                : Names.fit(spec.table().name() + "_" + spec.retired() + "_not_null");
    }

    /** The type the column has once the side's swap is done. */
    private String incomingType(Side side) {
        return side == Side.FORWARD ? spec.type() : column.type();
    }

    /** A guard true once the side's swap is done (its statements are skipped then). */
    private String done(Side side) {
        String swapped = ShadowColumns.swapped(spec);
        return side == Side.FORWARD ? swapped : "SELECT NOT (" + swapped + ")";
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
        String summary = "build " + indexes().size() + " index(es) over " + spec.table().display() + "." + spec.shadow()
                + " concurrently" + (column.notNull() ? " and prove it NOT NULL" : "");
        return new FixedOperation(StepKind.PREPARE_SWAP, summary, build(Side.FORWARD), undoPrepare());
    }

    /** The incoming column's indexes, built concurrently, and its NOT NULL check, validated. */
    private List<Statement> build(Side side) {
        TableRef t = spec.table();
        String done = done(side);
        List<Statement> statements = new ArrayList<>();
        for (IndexInfo index : indexes()) {
            String built = builtIndex(side, index.name());
            List<String> columns = index.columns().stream().map(c -> c.equals(spec.column()) ? incoming(side) : c).toList();
            statements.add(Statements.dropInvalidIndex(t, built));
            statements.add(Statements.buildIndexConcurrently("CREATE " + (index.unique() ? "UNIQUE " : "")
                    + "INDEX CONCURRENTLY IF NOT EXISTS " + Quoting.ident(built) + " ON " + t.sql() + " USING "
                    + index.method() + " (" + Quoting.idents(columns) + ")", t, done));
        }
        if (column.notNull()) {
            String check = notNullCheck(side);
            statements.add(Statements.metadata("ALTER TABLE " + t.sql() + " ADD CONSTRAINT " + Quoting.ident(check)
                    + " CHECK (" + Quoting.ident(incoming(side)) + " IS NOT NULL) NOT VALID", t, LockMode.ACCESS_EXCLUSIVE,
                    "SELECT (" + done + ") OR (" + Guards.constraintExists(t, check) + ")"));
            statements.add(new Statement("ALTER TABLE " + t.sql() + " VALIDATE CONSTRAINT " + Quoting.ident(check),
                    t.display(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN, TxMode.TRANSACTION,
                    Statement.TimeoutClass.SCAN, done));
        }
        return statements;
    }

    private List<Statement> undoPrepare() {
        TableRef t = spec.table();
        List<Statement> undo = new ArrayList<>();
        indexes().forEach(i -> undo.add(Statements.dropIndex(t, ShadowColumns.shadowIndex(i.name()))));
        undo.add(Statements.dropConstraint(t, ShadowColumns.notNullCheck(spec)));
        return undo;
    }

    Operation swap() {
        return new FixedOperation(StepKind.SWAP_COLUMN, "swap " + spec.table().display() + "." + spec.column() + " ("
                + column.type() + ") for " + spec.shadow() + " (" + spec.type() + "); the old column stays as "
                + spec.retired() + " until cleanup", List.of(swapStatement(Side.FORWARD), validate()), swapBack());
    }

    /**
     * The swap's undo: refused while a row's value does not fit the old type, then the old
     * column's indexes and check, the swap the other way and the validation of what it re-added.
     */
    private List<Statement> swapBack() {
        List<Statement> undo = new ArrayList<>();
        undo.add(new Statement(fitsBlock(), spec.table().display(), LockMode.ACCESS_SHARE, TableImpact.SCAN,
                TxMode.TRANSACTION, Statement.TimeoutClass.SCAN, done(Side.BACK)));
        undo.addAll(build(Side.BACK));
        undo.add(swapStatement(Side.BACK));
        undo.add(validate());
        return undo;
    }

    private Statement swapStatement(Side side) {
        return new Statement(swapBlock(side), spec.table().display(), LockMode.ACCESS_EXCLUSIVE, TableImpact.METADATA,
                TxMode.TRANSACTION, Statement.TimeoutClass.SHORT, done(side));
    }

    private Statement validate() {
        return new Statement(validateBlock(), spec.table().display(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN,
                TxMode.TRANSACTION, Statement.TimeoutClass.SCAN, null);
    }

    /**
     * Raises while a row's new value has no old one: written since the swap, it does not fit the
     * old type (a key past 2^31), and swapping back would lose it.
     */
    private String fitsBlock() {
        String col = Quoting.ident(spec.column());
        String old = Quoting.ident(spec.retired());
        return "DO " + DollarQuote.around("pgshift_fits",
                "DECLARE\n"
                + "    lost bigint;\n"
                + "BEGIN\n"
                + "    SELECT count(*) INTO lost FROM " + spec.table().sql() + " WHERE " + col + " IS NOT NULL AND " + old
                + " IS NULL;\n"
                + "    IF lost > 0 THEN\n"
                + "        RAISE EXCEPTION 'cannot swap % back to %: % row(s) hold values of % that % cannot hold',\n"
                + "            " + Quoting.literal(spec.table().display() + "." + spec.column()) + ", "
                + Quoting.literal(column.type()) + ", lost, " + Quoting.literal(spec.type()) + ", " + Quoting.literal(column.type()) + "\n"
                + "            USING HINT = 'change or delete those rows (WHERE " + spec.retired().replace("'", "''")
                + " IS NULL AND " + spec.column().replace("'", "''") + " IS NOT NULL), then roll back again';\n"
                + "    END IF;\n"
                + "END");
    }

    /**
     * The swap, in one transaction: PL/pgSQL so the constraints found at that moment are moved
     * too. {@code side} says which column comes in under the name: the shadow, or (the undo) the
     * old column back.
     */
    private String swapBlock(Side side) {
        TableRef t = spec.table();
        String tbl = t.sql();
        String col = Quoting.ident(spec.column());
        String shadow = Quoting.ident(incoming(side));
        String retired = Quoting.ident(outgoing(side));
        String regclass = Quoting.literal(tbl) + "::regclass";
        List<String> b = new ArrayList<>();
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
        b.add("              WHERE a.attrelid = " + regclass + " AND a.attname = " + Quoting.literal(spec.column()));
        b.add("                AND ((con.conrelid = a.attrelid AND con.contype IN ('c', 'f') AND a.attnum = ANY (con.conkey))");
        b.add("                  OR (con.confrelid = a.attrelid AND con.contype = 'f' AND a.attnum = ANY (con.confkey))) LOOP");
        b.add("        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.owner, r.conname);");
        b.add("        readd := readd || format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', r.owner, r.conname,");
        b.add("                                 replace(r.def, ' NOT VALID', ''));");
        b.add("    END LOOP;");
        b.add("    -- the default: an identity, a sequence, or an expression");
        b.add("    SELECT a.attidentity, pg_get_expr(d.adbin, d.adrelid) INTO ident_kind, default_expr");
        b.add("      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum");
        b.add("     WHERE a.attrelid = " + regclass + " AND a.attname = " + Quoting.literal(spec.column()) + ";");
        b.add("    seq := pg_get_serial_sequence(" + Quoting.literal(tbl) + ", " + Quoting.literal(spec.column()) + ")::regclass;");
        b.add("    IF ident_kind IN ('a', 'd') THEN");
        b.add("        EXECUTE format('SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM %s', seq)"
                + " INTO next_value;");
        b.add("        ALTER TABLE " + tbl + " ALTER COLUMN " + col + " DROP IDENTITY;");
        b.add("    ELSIF default_expr IS NOT NULL THEN");
        b.add("        ALTER TABLE " + tbl + " ALTER COLUMN " + col + " DROP DEFAULT;");
        b.add("    END IF;");
        for (IndexInfo index : indexes()) {
            if (index.primary() || index.unique() && constraintOf(index)) {
                b.add("    ALTER TABLE " + tbl + " DROP CONSTRAINT " + Quoting.ident(index.name()) + ";");
            } else {
                b.add("    DROP INDEX " + Quoting.ident(t.schema()) + "." + Quoting.ident(index.name()) + ";");
            }
        }
        b.add("    ALTER TABLE " + tbl + " RENAME COLUMN " + col + " TO " + retired + ";");
        b.add("    ALTER TABLE " + tbl + " RENAME COLUMN " + shadow + " TO " + col + ";");
        if (column.notNull()) {
            b.add("    ALTER TABLE " + tbl + " ALTER COLUMN " + col + " SET NOT NULL;  -- proved by the validated check");
            b.add("    ALTER TABLE " + tbl + " DROP CONSTRAINT " + Quoting.ident(notNullCheck(side)) + ";");
            b.add("    ALTER TABLE " + tbl + " ALTER COLUMN " + retired + " DROP NOT NULL;");
        }
        for (IndexInfo index : indexes()) {
            String shadowIndex = Quoting.ident(builtIndex(side, index.name()));
            if (index.primary()) {
                b.add("    ALTER TABLE " + tbl + " ADD CONSTRAINT " + Quoting.ident(index.name()) + " PRIMARY KEY USING INDEX "
                        + shadowIndex + ";");
            } else if (index.unique() && constraintOf(index)) {
                b.add("    ALTER TABLE " + tbl + " ADD CONSTRAINT " + Quoting.ident(index.name()) + " UNIQUE USING INDEX "
                        + shadowIndex + ";");
            } else {
                b.add("    ALTER INDEX " + Quoting.ident(t.schema()) + "." + shadowIndex + " RENAME TO "
                        + Quoting.ident(index.name()) + ";");
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
        b.add("            IF " + Quoting.literal(incomingType(side)) + "::regtype IN ('smallint'::regtype, 'integer'::regtype,"
                + " 'bigint'::regtype) THEN");
        b.add("                EXECUTE format('ALTER SEQUENCE %s AS " + incomingType(side) + "', seq);");
        b.add("            END IF;");
        b.add("        END IF;");
        b.add("    END IF;");
        b.add("    FOREACH stmt IN ARRAY readd LOOP");
        b.add("        EXECUTE stmt;");
        b.add("    END LOOP;");
        if (side == Side.FORWARD) {
            b.add("    -- the old column now follows the new one, where its value fits the old type");
            b.add("    " + ShadowColumns.reverseFunction(spec, column.type()).replace("\n", "\n    ") + ";");
            b.add("    -- the conversion's functions of a row served the backfill, the trigger and the gate: done");
            b.add("    " + ShadowColumns.dropRowFunctions(spec) + ";");
        } else {
            b.add("    -- back to before the swap: the shadow follows the column through the conversion");
            boolean cannotFail = Conversions.cannotFail(column.type(), spec.type(), spec.using());
            for (String function : List.of(ShadowColumns.valueFunctionSql(spec, table, cannotFail),
                    ShadowColumns.errorFunctionSql(spec, table, cannotFail), ShadowColumns.forwardFunction(spec))) {
                b.add("    " + function.replace("\n", "\n    ") + ";");
            }
        }
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
        return "DO " + DollarQuote.around("pgshift_swap", String.join("\n", b));
    }

    /** Validates what the swap re-added NOT VALID: scans under SHARE UPDATE EXCLUSIVE, traffic goes on. */
    private String validateBlock() {
        String regclass = Quoting.literal(spec.table().sql()) + "::regclass";
        return "DO " + DollarQuote.around("pgshift_validate",
                "DECLARE\n"
                + "    r record;\n"
                + "BEGIN\n"
                + "    FOR r IN SELECT con.conname, con.conrelid::regclass AS owner FROM pg_constraint con, pg_attribute a\n"
                + "              WHERE NOT con.convalidated AND a.attrelid = " + regclass + " AND a.attname = "
                + Quoting.literal(spec.column()) + "\n"
                + "                AND ((con.conrelid = a.attrelid AND a.attnum = ANY (con.conkey))\n"
                + "                  OR (con.confrelid = a.attrelid AND a.attnum = ANY (con.confkey))) LOOP\n"
                + "        EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', r.owner, r.conname);\n"
                + "    END LOOP;\n"
                + "END");
    }

    /** Whether the unique index backs a constraint of the same name (else it is a plain unique index). */
    private boolean constraintOf(IndexInfo index) {
        return table.constraints().stream().anyMatch(c -> c.name().equals(index.name()) && (c.type() == 'u' || c.type() == 'p'));
    }
}
