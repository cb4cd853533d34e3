package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.NONE;
import static io.pgshift.plan.LockMode.SHARE;
import static io.pgshift.plan.TableImpact.METADATA;
import static io.pgshift.plan.TableImpact.SCAN;

/**
 * {@code CREATE DOMAIN}, {@code ALTER DOMAIN} and {@code ALTER TYPE}. They lock the type, not the
 * tables using it, except where a domain's constraint is checked: that holds SHARE on every
 * table with a column of the domain (writes wait) while it scans them, even for VALIDATE
 * CONSTRAINT (checked on PostgreSQL 15). The tables are not named by the statement: unknown.
 */
final class TypeStatements {
    private TypeStatements() {
    }

    /** {@code CREATE DOMAIN name [AS] type [DEFAULT ...] [[CONSTRAINT n] {NOT NULL | NULL | CHECK (...)}] ...}. */
    static SqlEffect createDomain(TokenCursor c) {
        c.name();
        boolean constrained = c.restHasTopLevel("check") || c.restHasTopLevel("not", "null");
        return constrained ? SqlEffect.of(StatementType.CREATE_DOMAIN, null, NONE, METADATA, Danger.DOMAIN_CONSTRAINT)
                : SqlEffect.of(StatementType.CREATE_DOMAIN, null, NONE, METADATA);
    }

    /** The cursor stands after {@code ALTER DOMAIN}. */
    static SqlEffect alterDomain(TokenCursor c) {
        if (c.name() == null) {
            return SqlEffect.unrecognised(StatementType.ALTER_DOMAIN, null);
        }
        if (c.accept("add")) {
            return c.restHasTopLevel("not", "valid")
                    ? SqlEffect.of(StatementType.ALTER_DOMAIN, null, NONE, METADATA, Danger.DOMAIN_CONSTRAINT)
                    : scan();
        }
        if (c.accept("validate", "constraint") || c.accept("set", "not", "null")) {
            return scan();
        }
        if (c.accept("rename", "constraint") || c.accept("drop", "constraint") || c.accept("drop", "not", "null")
                || c.accept("set", "default") || c.accept("drop", "default") || c.accept("owner", "to")) {
            return SqlEffect.of(StatementType.ALTER_DOMAIN, null, NONE, METADATA);
        }
        return c.accept("rename", "to")
                ? SqlEffect.of(StatementType.ALTER_DOMAIN, null, NONE, METADATA, Danger.BREAKING_RENAME)
                : SqlEffect.unrecognised(StatementType.ALTER_DOMAIN, null);
    }

    /** Every column using the domain checked under SHARE on its table. */
    private static SqlEffect scan() {
        return SqlEffect.of(StatementType.ALTER_DOMAIN, null, SHARE, SCAN, Danger.DOMAIN_CONSTRAINT,
                Danger.CONSTRAINT_WITHOUT_NOT_VALID);
    }

    /** The cursor stands after {@code ALTER TYPE}. */
    static SqlEffect alterType(TokenCursor c) {
        if (c.name() == null) {
            return SqlEffect.unrecognised(StatementType.ALTER_TYPE, null);
        }
        if (c.accept("add", "value")) {
            // Before PostgreSQL 12 it cannot run in a transaction block, and since then a value added
            // in one cannot be used before it commits: run alone.
            return SqlEffect.outsideTransaction(StatementType.ALTER_TYPE, null, NONE, METADATA);
        }
        if (c.accept("rename", "value") || c.accept("rename", "to") || c.accept("rename", "attribute")) {
            return SqlEffect.of(StatementType.ALTER_TYPE, null, NONE, METADATA, Danger.BREAKING_RENAME);
        }
        return c.accept("owner", "to") ? SqlEffect.of(StatementType.ALTER_TYPE, null, NONE, METADATA)
                : SqlEffect.unrecognised(StatementType.ALTER_TYPE, null);
    }
}
