package io.pgshift.lint.sql;

import static io.pgshift.plan.LockMode.ACCESS_EXCLUSIVE;
import static io.pgshift.plan.LockMode.SHARE;
import static io.pgshift.plan.LockMode.SHARE_UPDATE_EXCLUSIVE;
import static io.pgshift.plan.TableImpact.METADATA;
import static io.pgshift.plan.TableImpact.REWRITE;
import static io.pgshift.plan.TableImpact.SCAN;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.TableImpact;
import java.util.Locale;

/** VACUUM, CLUSTER, ANALYZE, REINDEX, LOCK and TRUNCATE. */
final class MaintenanceStatements {
    private MaintenanceStatements() {
    }

    /**
     * {@code VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [table]} or {@code VACUUM (options) [table]};
     * never in a transaction block.
     */
    static SqlEffect vacuum(TokenCursor c) {
        boolean full = false;
        if (c.accept("(")) {
            while (!c.atEnd() && !c.accept(")")) {
                if (c.next().isWord("full")) {
                    full = !(c.peekIs("false") || c.peekIs("off"));
                }
            }
        } else {
            while (c.peekIs("full") || c.peekIs("freeze") || c.peekIs("verbose") || c.peekIs("analyze")) {
                full |= c.accept("full");
                c.acceptOneOf("freeze", "verbose", "analyze");
            }
        }
        String table = c.name();
        return full
                ? SqlEffect.outsideTransaction(StatementType.VACUUM_FULL, table, ACCESS_EXCLUSIVE, REWRITE,
                        Danger.TABLE_REWRITE)
                : SqlEffect.outsideTransaction(StatementType.VACUUM, table, SHARE_UPDATE_EXCLUSIVE, SCAN);
    }

    /** {@code CLUSTER [VERBOSE] table [USING index]}: rewrites the table in index order. */
    static SqlEffect cluster(TokenCursor c) {
        c.skipParens();
        c.accept("verbose");
        return SqlEffect.of(StatementType.CLUSTER, c.name(), ACCESS_EXCLUSIVE, REWRITE, Danger.TABLE_REWRITE);
    }

    static SqlEffect analyze(TokenCursor c) {
        c.skipParens();
        c.accept("verbose");
        return SqlEffect.of(StatementType.ANALYZE, c.name(), SHARE_UPDATE_EXCLUSIVE, SCAN);
    }

    /** {@code REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name}. */
    static SqlEffect reindex(TokenCursor c) {
        c.skipParens();
        String target = c.acceptOneOf("index", "table", "schema", "database", "system");
        boolean concurrently = c.accept("concurrently");
        String name = c.name();
        String table = "table".equals(target) ? name : null;
        // Without CONCURRENTLY: SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index.
        return concurrently
                ? SqlEffect.outsideTransaction(StatementType.REINDEX, table, SHARE_UPDATE_EXCLUSIVE, SCAN)
                : SqlEffect.of(StatementType.REINDEX, table, SHARE, SCAN, Danger.INDEX_WITHOUT_CONCURRENTLY);
    }

    /** {@code LOCK [TABLE] [ONLY] name [*] [, ...] [IN mode MODE] [NOWAIT]}; the default mode is ACCESS EXCLUSIVE. */
    static SqlEffect lock(TokenCursor c) {
        c.accept("table");
        c.accept("only");
        String table = c.name();
        LockMode mode = ACCESS_EXCLUSIVE;
        if (c.skipPast("in")) {
            StringBuilder words = new StringBuilder();
            while (!c.atEnd() && !c.peekIs("mode")) {
                words.append(words.length() == 0 ? "" : " ").append(c.next().text());
            }
            mode = lockMode(words.toString());
            if (mode == null) {
                return SqlEffect.of(StatementType.LOCK_TABLE, table, LockMode.NONE, TableImpact.UNKNOWN,
                        Danger.UNRECOGNISED, Danger.EXPLICIT_LOCK);
            }
        }
        return SqlEffect.of(StatementType.LOCK_TABLE, table, mode, METADATA, Danger.EXPLICIT_LOCK);
    }

    private static LockMode lockMode(String words) {
        String wanted = words.toUpperCase(Locale.ROOT);
        for (LockMode mode : LockMode.values()) {
            if (mode.sqlName().equals(wanted)) {
                return mode;
            }
        }
        return null;
    }

    static SqlEffect truncate(TokenCursor c) {
        c.accept("table");
        c.accept("only");
        return SqlEffect.of(StatementType.TRUNCATE, c.name(), ACCESS_EXCLUSIVE, METADATA, Danger.DATA_LOSS);
    }
}
