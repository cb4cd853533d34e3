package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.ACCESS_EXCLUSIVE;
import static io.pgshift.plan.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.pgshift.plan.TableImpact.METADATA;
import static io.pgshift.plan.TableImpact.REWRITE;
import static io.pgshift.plan.TableImpact.SCAN;

import java.util.List;

/** The {@code ADD} actions of ALTER TABLE: a column or a table constraint. */
final class AddClauses {
    private AddClauses() {
    }

    /** The cursor stands after {@code ADD}. */
    static Action classify(TokenCursor c) {
        if (c.accept("constraint")) {
            c.name();
            return constraint(c);
        }
        if (c.peekIs("check") || c.peekIs("unique") || c.peekIs("primary") || c.peekIs("foreign")
                || c.peekIs("exclude")) {
            return constraint(c);
        }
        c.accept("column");
        c.accept("if", "not", "exists");
        return column(c);
    }

    private static Action constraint(TokenCursor c) {
        if (c.restHasTopLevel("using", "index")) {
            return Action.of(ACCESS_EXCLUSIVE, METADATA);
        }
        boolean notValid = c.restHasTopLevel("not", "valid");
        if (c.accept("foreign")) {
            // Also takes SHARE ROW EXCLUSIVE on the referenced table.
            return notValid ? Action.of(SHARE_ROW_EXCLUSIVE, METADATA)
                    : Action.of(SHARE_ROW_EXCLUSIVE, SCAN, Danger.CONSTRAINT_WITHOUT_NOT_VALID);
        }
        if (c.accept("check") && notValid) {
            return Action.of(ACCESS_EXCLUSIVE, METADATA);
        }
        // CHECK without NOT VALID; UNIQUE, PRIMARY KEY and EXCLUDE build their index under the lock.
        return Action.of(ACCESS_EXCLUSIVE, SCAN, Danger.CONSTRAINT_WITHOUT_NOT_VALID);
    }

    /** {@code name type [DEFAULT expr] [constraints]}. */
    private static Action column(TokenCursor c) {
        c.name();
        SqlToken type = c.peek(0);
        List<SqlToken> rest = c.rest();
        int defaultAt = TokenCursor.indexOfTopLevel(rest, "default");
        boolean hasDefault = defaultAt >= 0;
        boolean generated = TokenCursor.indexOfTopLevel(rest, "generated") >= 0;
        Action action = Action.of(ACCESS_EXCLUSIVE, METADATA);
        boolean serial = type != null && VolatileFunctions.isSerialType(type.text());
        if (serial || TokenCursor.indexOfTopLevel(rest, "identity") >= 0
                || (hasDefault && VolatileFunctions.firstCall(rest.subList(defaultAt, rest.size())) != null)) {
            action = action.with(Action.of(ACCESS_EXCLUSIVE, REWRITE, Danger.VOLATILE_DEFAULT, Danger.TABLE_REWRITE));
        } else if (generated && TokenCursor.indexOfTopLevel(rest, "stored") >= 0) {
            action = action.with(Action.of(ACCESS_EXCLUSIVE, REWRITE, Danger.TABLE_REWRITE));
        }
        if (TokenCursor.indexOfTopLevel(rest, "not", "null") >= 0 && !hasDefault && !generated && !serial) {
            action = action.with(Action.of(ACCESS_EXCLUSIVE, SCAN, Danger.NOT_NULL_WITHOUT_DEFAULT));
        }
        if (TokenCursor.indexOfTopLevel(rest, "unique") >= 0
                || TokenCursor.indexOfTopLevel(rest, "primary", "key") >= 0) {
            action = action.with(Action.of(ACCESS_EXCLUSIVE, SCAN, Danger.INDEX_WITHOUT_CONCURRENTLY));
        }
        if (TokenCursor.indexOfTopLevel(rest, "check") >= 0) {
            action = action.with(Action.of(ACCESS_EXCLUSIVE, SCAN, Danger.CONSTRAINT_WITHOUT_NOT_VALID));
        }
        return action;
    }
}
