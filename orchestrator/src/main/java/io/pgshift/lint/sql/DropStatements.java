package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.ACCESS_EXCLUSIVE;
import static io.pgshift.plan.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static io.pgshift.plan.TableImpact.METADATA;

/** {@code DROP INDEX} and {@code DROP TABLE}; other DROPs are left unrecognised. */
final class DropStatements {
    private DropStatements() {
    }

    /** The cursor stands after {@code DROP}. */
    static SqlEffect classify(TokenCursor c) {
        if (c.accept("index")) {
            boolean concurrently = c.accept("concurrently");
            // The statement names the index, not its table: the table stays unknown.
            return concurrently
                    ? SqlEffect.outsideTransaction(StatementType.DROP_INDEX, null, SHARE_UPDATE_EXCLUSIVE, METADATA)
                    : SqlEffect.of(StatementType.DROP_INDEX, null, ACCESS_EXCLUSIVE, METADATA);
        }
        if (c.accept("table")) {
            c.accept("if", "exists");
            return SqlEffect.of(StatementType.DROP_TABLE, c.name(), ACCESS_EXCLUSIVE, METADATA, Danger.DATA_LOSS);
        }
        return SqlEffect.unrecognised(StatementType.UNKNOWN, null);
    }
}
