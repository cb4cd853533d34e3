package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.TableRef;

/** Builders for the statement shapes operations share, so each lock level is stated once. */
final class Statements {
    private Statements() {
    }

    /** Catalog-only DDL under a strong lock: quick, bounded by the short timeout. */
    static Statement metadata(String sql, TableRef table, LockMode lock, String guard) {
        return new Statement(sql, table.display(), lock, TableImpact.METADATA, TxMode.TRANSACTION,
                TimeoutClass.SHORT, guard);
    }

    /** DDL on pgshift's own objects (a trigger function, its sequences): no lock on the table. */
    static Statement ownObject(String sql, TableRef table, String guard) {
        return new Statement(sql, table.display(), LockMode.NONE, TableImpact.METADATA, TxMode.TRANSACTION,
                TimeoutClass.SHORT, guard);
    }

    /** {@code VALIDATE CONSTRAINT}: scans under SHARE UPDATE EXCLUSIVE, reads and writes go on. */
    static Statement validate(TableRef table, String constraint) {
        return new Statement("ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + Quoting.ident(constraint),
                table.display(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN, TxMode.TRANSACTION,
                TimeoutClass.SCAN, null);
    }

    static Statement dropConstraint(TableRef table, String constraint) {
        return metadata("ALTER TABLE " + table.sql() + " DROP CONSTRAINT IF EXISTS " + Quoting.ident(constraint),
                table, LockMode.ACCESS_EXCLUSIVE, null);
    }

    /**
     * Drops an INVALID index left by a failed CONCURRENTLY build (it would make IF NOT EXISTS
     * skip the rebuild while enforcing nothing); a no-op when there is none.
     */
    static Statement dropInvalidIndex(TableRef table, String index) {
        return new Statement(dropIndexSql(table, index), table.display(), LockMode.SHARE_UPDATE_EXCLUSIVE,
                TableImpact.METADATA, TxMode.NO_TRANSACTION, TimeoutClass.SHORT, Guards.noInvalidIndex(table, index));
    }

    static Statement dropIndex(TableRef table, String index) {
        return new Statement(dropIndexSql(table, index), table.display(), LockMode.SHARE_UPDATE_EXCLUSIVE,
                TableImpact.METADATA, TxMode.NO_TRANSACTION, TimeoutClass.SHORT, null);
    }

    /** A concurrent build: two scans under SHARE UPDATE EXCLUSIVE, outside any transaction. */
    static Statement buildIndexConcurrently(String sql, TableRef table, String guard) {
        return new Statement(sql, table.display(), LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN,
                TxMode.NO_TRANSACTION, TimeoutClass.SCAN, guard);
    }

    /** {@code s}, also skipped when {@code guard} holds. */
    static Statement skippedIf(Statement s, String guard) {
        return new Statement(s.sql(), s.table(), s.lock(), s.impact(), s.tx(), s.timeout(), Guards.either(s.guard(), guard));
    }

    private static String dropIndexSql(TableRef table, String index) {
        return "DROP INDEX CONCURRENTLY IF EXISTS " + Quoting.ident(table.schema()) + "." + Quoting.ident(index);
    }
}
