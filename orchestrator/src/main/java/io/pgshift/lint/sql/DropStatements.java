package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.ACCESS_EXCLUSIVE;
import static io.pgshift.plan.LockMode.NONE;
import static io.pgshift.plan.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static io.pgshift.plan.TableImpact.METADATA;

import io.pgshift.plan.LockMode;

/**
 * The DROP statements: every one removes something the running application may still use
 * ({@link Danger#DATA_LOSS}); with CASCADE, also what depends on it (columns of a type, tables of
 * a schema), under ACCESS EXCLUSIVE on their tables.
 */
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
        if (c.accept("database")) {
            // Never in a transaction block; WITH (FORCE) first terminates every session on it.
            return SqlEffect.outsideTransaction(StatementType.DROP_DATABASE, null, NONE, METADATA, Danger.DATA_LOSS);
        }
        boolean cascade = c.restHasTopLevel("cascade");
        LockMode dependents = cascade ? ACCESS_EXCLUSIVE : NONE;
        if (c.accept("schema")) {
            return SqlEffect.of(StatementType.DROP_SCHEMA, null, dependents, METADATA, Danger.DATA_LOSS);
        }
        if (c.accept("view") || c.accept("materialized", "view") || c.accept("sequence") || c.accept("foreign", "table")) {
            c.accept("if", "exists");
            return SqlEffect.of(StatementType.DROP_OBJECT, c.name(), ACCESS_EXCLUSIVE, METADATA, Danger.DATA_LOSS);
        }
        if (c.accept("owned", "by")) {
            // every object the role owns, tables included
            return SqlEffect.of(StatementType.DROP_OBJECT, null, ACCESS_EXCLUSIVE, METADATA, Danger.DATA_LOSS);
        }
        if (c.acceptOneOf("trigger", "rule", "policy") != null) {
            // name ON table: ACCESS EXCLUSIVE on the table
            String table = c.skipPast("on") ? c.name() : null;
            return SqlEffect.of(StatementType.DROP_OBJECT, table, ACCESS_EXCLUSIVE, METADATA, Danger.DATA_LOSS);
        }
        if (c.acceptOneOf("type", "domain", "function", "procedure", "routine", "extension", "aggregate", "operator",
                "collation", "publication", "statistics") != null) {
            return SqlEffect.of(StatementType.DROP_OBJECT, null, dependents, METADATA, Danger.DATA_LOSS);
        }
        return SqlEffect.unrecognised(StatementType.UNKNOWN, null);
    }
}
