package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.ACCESS_EXCLUSIVE;
import static io.pgshift.plan.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.pgshift.plan.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static io.pgshift.plan.TableImpact.METADATA;
import static io.pgshift.plan.TableImpact.REWRITE;
import static io.pgshift.plan.TableImpact.SCAN;
import static io.pgshift.plan.TableImpact.UNKNOWN;

import io.pgshift.plan.TxMode;
import java.util.List;

/**
 * {@code ALTER TABLE [IF EXISTS] [ONLY] name action [, ...]}: each action is judged alone and the
 * statement costs the worst of them, since all run under one lock. Lock levels follow the
 * ALTER TABLE page of the PostgreSQL manual.
 */
final class AlterTableStatements {
    private static final Action UNRECOGNISED_ACTION = Action.of(ACCESS_EXCLUSIVE, UNKNOWN, Danger.UNRECOGNISED);

    private AlterTableStatements() {
    }

    /** The cursor stands after {@code ALTER TABLE}. */
    static SqlEffect classify(TokenCursor c) {
        c.accept("if", "exists");
        c.accept("only");
        String table = c.name();
        c.accept("*");
        if (table == null || c.atEnd()) {
            return SqlEffect.unrecognised(StatementType.ALTER_TABLE, table);
        }
        Action total = Action.NOTHING;
        for (List<SqlToken> part : TokenCursor.splitTopLevel(c.rest(), ",")) {
            total = total.with(action(new TokenCursor(part)));
        }
        return new SqlEffect(StatementType.ALTER_TABLE, table, total.lock(), total.impact(), TxMode.TRANSACTION,
                total.dangerList());
    }

    private static Action action(TokenCursor c) {
        if (c.accept("add")) {
            return AddClauses.classify(c);
        }
        if (c.accept("alter")) {
            return alterColumn(c);
        }
        if (c.accept("validate", "constraint")) {
            return Action.of(SHARE_UPDATE_EXCLUSIVE, SCAN);
        }
        if (c.accept("drop", "constraint")) {
            return Action.of(ACCESS_EXCLUSIVE, METADATA);
        }
        if (c.accept("drop")) {
            return Action.of(ACCESS_EXCLUSIVE, METADATA, Danger.DATA_LOSS);
        }
        if (c.accept("set", "tablespace") || c.accept("set", "logged") || c.accept("set", "unlogged")) {
            return Action.of(ACCESS_EXCLUSIVE, REWRITE, Danger.TABLE_REWRITE);
        }
        if (c.accept("set", "(") || c.accept("reset", "(") || c.accept("cluster", "on")
                || c.accept("set", "without", "cluster") || c.accept("set", "statistics")) {
            return Action.of(SHARE_UPDATE_EXCLUSIVE, METADATA);
        }
        if (c.accept("enable", "trigger") || c.accept("disable", "trigger") || c.accept("enable", "always", "trigger")
                || c.accept("enable", "replica", "trigger")) {
            return Action.of(SHARE_ROW_EXCLUSIVE, METADATA);
        }
        if (c.accept("rename", "constraint")) {
            return Action.of(ACCESS_EXCLUSIVE, METADATA);
        }
        if (c.accept("rename")) {
            // RENAME TO, RENAME [COLUMN] a TO b: the running application still uses the old name
            return Action.of(ACCESS_EXCLUSIVE, METADATA, Danger.BREAKING_RENAME);
        }
        // SET SCHEMA, OWNER TO, ENABLE/DISABLE RULE or ROW LEVEL SECURITY, ...: catalog only.
        if (c.acceptOneOf("owner", "set", "enable", "disable", "force", "no", "replica", "inherit") != null) {
            return Action.of(ACCESS_EXCLUSIVE, METADATA);
        }
        return UNRECOGNISED_ACTION;
    }

    /** {@code ALTER [COLUMN] name ...}. */
    private static Action alterColumn(TokenCursor c) {
        c.accept("column");
        if (c.name() == null) {
            return UNRECOGNISED_ACTION;
        }
        if (c.accept("type") || c.accept("set", "data", "type")) {
            // Some changes are binary-coercible (varchar(n) -> text) and skip the rewrite, but
            // pgshift does not know the old type here, so it assumes the worst.
            return Action.of(ACCESS_EXCLUSIVE, REWRITE, Danger.COLUMN_TYPE_CHANGE, Danger.TABLE_REWRITE);
        }
        if (c.accept("set", "not", "null")) {
            return Action.of(ACCESS_EXCLUSIVE, SCAN, Danger.SET_NOT_NULL_SCAN);
        }
        if (c.accept("set", "statistics") || c.accept("set", "(") || c.accept("reset", "(")) {
            return Action.of(SHARE_UPDATE_EXCLUSIVE, METADATA);
        }
        if (c.accept("drop", "not", "null") || c.accept("set", "default") || c.accept("drop", "default")
                || c.accept("set", "storage") || c.accept("set", "compression")) {
            return Action.of(ACCESS_EXCLUSIVE, METADATA);
        }
        return UNRECOGNISED_ACTION;
    }
}
