package io.pgshift.operation;

import io.pgshift.lint.sql.RawSqlClassifier;
import io.pgshift.lint.sql.SqlEffect;
import io.pgshift.playbook.RawSql;

/** Builds a {@link RawSqlOperation} from what the classifier says the statement locks and touches. */
public final class RawSqlOperations {
    private static final RawSqlClassifier CLASSIFIER = new RawSqlClassifier();

    private RawSqlOperations() {
    }

    public static RawSqlOperation classify(RawSql spec) {
        SqlEffect effect = effect(spec.sql());
        return new RawSqlOperation(spec, effect.table(), effect.lock(), effect.impact(), effect.tx());
    }

    /** What the statement locks and touches, and whether it may run in a transaction block. */
    static SqlEffect effect(String sql) {
        return CLASSIFIER.classify(sql);
    }
}
