package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.ACCESS_SHARE;
import static io.pgshift.plan.LockMode.ROW_EXCLUSIVE;
import static io.pgshift.plan.LockMode.ROW_SHARE;
import static io.pgshift.plan.TableImpact.ROWS;

import java.util.List;

/** INSERT, UPDATE, DELETE, SELECT and WITH ... (the main statement after the common table expressions). */
final class DmlStatements {
    private DmlStatements() {
    }

    static SqlEffect insert(TokenCursor c) {
        c.accept("into");
        return SqlEffect.of(StatementType.INSERT, c.name(), ROW_EXCLUSIVE, ROWS);
    }

    /** Without WHERE every row is written in one transaction: row locks on all of them until it commits. */
    static SqlEffect update(TokenCursor c) {
        c.accept("only");
        return write(StatementType.UPDATE, c);
    }

    static SqlEffect delete(TokenCursor c) {
        c.accept("from");
        c.accept("only");
        return write(StatementType.DELETE, c);
    }

    private static SqlEffect write(StatementType type, TokenCursor c) {
        String table = c.name();
        return c.restHasTopLevel("where")
                ? SqlEffect.of(type, table, ROW_EXCLUSIVE, ROWS)
                : SqlEffect.of(type, table, ROW_EXCLUSIVE, ROWS, Danger.WHOLE_TABLE_WRITE);
    }

    /** The cursor stands after {@code SELECT}; the table is the first one after a top-level FROM, if any. */
    static SqlEffect select(TokenCursor c) {
        boolean locking = c.restHasTopLevel("for", "update") || c.restHasTopLevel("for", "share")
                || c.restHasTopLevel("for", "no", "key") || c.restHasTopLevel("for", "key");
        String table = c.skipPast("from") ? c.name() : null;
        return SqlEffect.of(StatementType.SELECT, table, locking ? ROW_SHARE : ACCESS_SHARE, ROWS);
    }

    /**
     * {@code WITH [RECURSIVE] name AS (...) [, ...] main-statement}: classified as its main
     * statement, at least ROW EXCLUSIVE when a CTE writes.
     */
    static SqlEffect with(TokenCursor c, RawSqlClassifier classifier) {
        List<SqlToken> rest = c.rest();
        int verb = firstTopLevelVerb(rest);
        if (verb < 0) {
            return SqlEffect.unrecognised(StatementType.UNKNOWN, null);
        }
        SqlEffect main = classifier.classifyStatement(rest.subList(verb, rest.size()));
        boolean cteWrites = rest.subList(0, verb).stream()
                .anyMatch(t -> t.isWord("insert") || t.isWord("update") || t.isWord("delete"));
        return cteWrites && main.lock().compareTo(ROW_EXCLUSIVE) < 0
                ? new SqlEffect(main.type(), main.table(), ROW_EXCLUSIVE, ROWS, main.tx(), main.dangers())
                : main;
    }

    private static int firstTopLevelVerb(List<SqlToken> tokens) {
        int best = -1;
        for (String verb : List.of("select", "insert", "update", "delete")) {
            int at = TokenCursor.indexOfTopLevel(tokens, verb);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }
}
