package io.pgshift.lint.sql;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * What one SQL statement does to the live application.
 *
 * @param table   the table whose lock matters, unquoted, {@code table} or {@code schema.table} as
 *                written (unquoted words folded to lower case), or null when unknown
 * @param lock    the strongest lock taken on {@code table}
 * @param dangers in declaration order, without duplicates; {@link Danger#ACCESS_EXCLUSIVE_LOCK}
 *                is present exactly when {@code lock} is ACCESS EXCLUSIVE
 */
public record SqlEffect(StatementType type, String table, LockMode lock, TableImpact impact, TxMode tx,
                        List<Danger> dangers) {
    public SqlEffect {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(tx, "tx");
        EnumSet<Danger> set = EnumSet.noneOf(Danger.class);
        set.addAll(dangers);
        set.remove(Danger.ACCESS_EXCLUSIVE_LOCK);
        if (lock == LockMode.ACCESS_EXCLUSIVE) {
            set.add(Danger.ACCESS_EXCLUSIVE_LOCK);
        }
        dangers = List.copyOf(set);
    }

    static SqlEffect of(StatementType type, String table, LockMode lock, TableImpact impact, Danger... dangers) {
        return new SqlEffect(type, table, lock, impact, TxMode.TRANSACTION, List.of(dangers));
    }

    static SqlEffect outsideTransaction(StatementType type, String table, LockMode lock, TableImpact impact,
                                        Danger... dangers) {
        return new SqlEffect(type, table, lock, impact, TxMode.NO_TRANSACTION, List.of(dangers));
    }

    /** A statement pgshift cannot judge: no lock assumed, impact unknown, flagged. */
    static SqlEffect unrecognised(StatementType type, String table) {
        return of(type, table, LockMode.NONE, TableImpact.UNKNOWN, Danger.UNRECOGNISED);
    }

    public boolean has(Danger danger) {
        return dangers.contains(danger);
    }

    /** {@code ALTER TABLE on users}, or just the statement type when the table is unknown. */
    public String subject() {
        return table == null ? type.label() : type.label() + " on " + table;
    }
}
