package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.ACCESS_EXCLUSIVE;
import static io.pgshift.plan.LockMode.NONE;
import static io.pgshift.plan.LockMode.SHARE;
import static io.pgshift.plan.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.pgshift.plan.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static io.pgshift.plan.TableImpact.METADATA;
import static io.pgshift.plan.TableImpact.ROWS;
import static io.pgshift.plan.TableImpact.SCAN;

/** {@code CREATE INDEX}, {@code CREATE TABLE}, {@code CREATE RULE} and the CREATE statements of other objects. */
final class CreateStatements {
    private CreateStatements() {
    }

    /** The cursor stands after {@code CREATE}. */
    static SqlEffect classify(TokenCursor c) {
        c.accept("or", "replace");
        boolean unique = c.accept("unique");
        if (c.accept("index")) {
            return index(c);
        }
        if (unique) {
            return SqlEffect.unrecognised(StatementType.CREATE_INDEX, null);
        }
        c.acceptOneOf("global", "local");
        c.acceptOneOf("temporary", "temp", "unlogged");
        if (c.accept("table")) {
            return table(c);
        }
        if (c.accept("trigger") || c.accept("constraint", "trigger")) {
            return trigger(c);
        }
        if (c.accept("domain")) {
            return TypeStatements.createDomain(c);
        }
        if (c.accept("rule")) {
            return rule(c);
        }
        if (c.acceptOneOf("sequence", "type", "function", "procedure", "view", "materialized",
                "extension", "schema", "aggregate", "operator", "collation", "policy", "role", "publication") != null) {
            // A new object that nobody uses yet: no contended lock.
            return SqlEffect.of(StatementType.CREATE_OBJECT, null, NONE, METADATA);
        }
        return SqlEffect.unrecognised(StatementType.UNKNOWN, null);
    }

    /** {@code INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table ...}. */
    private static SqlEffect index(TokenCursor c) {
        boolean concurrently = c.accept("concurrently");
        c.accept("if", "not", "exists");
        if (!c.peekIs("on")) {
            c.name();
        }
        if (!c.accept("on")) {
            return SqlEffect.unrecognised(StatementType.CREATE_INDEX, null);
        }
        c.accept("only");
        String table = c.name();
        return concurrently
                ? SqlEffect.outsideTransaction(StatementType.CREATE_INDEX, table, SHARE_UPDATE_EXCLUSIVE, SCAN)
                : SqlEffect.of(StatementType.CREATE_INDEX, table, SHARE, SCAN, Danger.INDEX_WITHOUT_CONCURRENTLY);
    }

    /** A new table locks nothing others use; CREATE TABLE AS also fills it. */
    private static SqlEffect table(TokenCursor c) {
        c.accept("if", "not", "exists");
        String table = c.name();
        boolean filled = c.restHasTopLevel("as");
        return SqlEffect.of(StatementType.CREATE_TABLE, table, NONE, filled ? ROWS : METADATA);
    }

    /**
     * {@code CREATE [OR REPLACE] RULE name AS ON event TO table ...}: ACCESS EXCLUSIVE on the table
     * (and from then on the rule rewrites the application's statements on it).
     */
    private static SqlEffect rule(TokenCursor c) {
        String table = c.skipPast("to") ? c.name() : null;
        return SqlEffect.of(StatementType.CREATE_RULE, table, ACCESS_EXCLUSIVE, METADATA);
    }

    /** {@code CREATE TRIGGER name ... ON table}: SHARE ROW EXCLUSIVE on the table, briefly. */
    private static SqlEffect trigger(TokenCursor c) {
        String table = c.skipPast("on") ? c.name() : null;
        return SqlEffect.of(StatementType.CREATE_OBJECT, table, SHARE_ROW_EXCLUSIVE, METADATA);
    }
}
