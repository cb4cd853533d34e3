package io.pgshift.operation;

import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.TableRef;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Catalog queries that say whether a statement's effect is already there. Each returns one
 * boolean; names are passed as literals (already validated identifiers), never as raw SQL.
 */
final class Guards {
    private Guards() {
    }

    static String constraintExists(TableRef table, String constraint) {
        return "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = " + regclass(table)
                + " AND conname = " + Quoting.literal(constraint) + ")";
    }

    static String columnNotNull(TableRef table, String column) {
        return "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = " + regclass(table)
                + " AND attname = " + Quoting.literal(column) + " AND attnotnull AND NOT attisdropped)";
    }

    /** True when there is NO invalid index of that name: the drop of a failed build is then skipped. */
    static String noInvalidIndex(TableRef table, String index) {
        return "SELECT NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " + Quoting.literal(table.schema())
                + " AND c.relname = " + Quoting.literal(index) + " AND NOT i.indisvalid)";
    }

    /** True when a relation (table, index, ...) of that schema-qualified name exists. */
    static String relationExists(TableRef relation) {
        return "SELECT to_regclass(" + Quoting.literal(relation.sql()) + ") IS NOT NULL";
    }

    /** True when {@code index} is attached to the partitioned index {@code parent} (each schema-qualified). */
    static String indexAttached(TableRef index, TableRef parent) {
        return "SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(" + Quoting.literal(index.sql())
                + ") AND inhparent = to_regclass(" + Quoting.literal(parent.sql()) + "))";
    }

    static String triggerExists(TableRef table, String trigger) {
        return "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = " + regclass(table)
                + " AND tgname = " + Quoting.literal(trigger) + " AND NOT tgisinternal)";
    }

    /**
     * True when the table, or one of the columns, is gone. An undo that would put something back on
     * them (an index, a constraint, a default) is then skipped: a later step of the same run dropped
     * its ground, which no rollback re-creates, so there is nothing to put it back on.
     */
    static String groundGone(TableRef table, Collection<String> columns) {
        String relation = "to_regclass(" + Quoting.literal(table.sql()) + ")";
        if (columns.isEmpty()) {
            return "SELECT " + relation + " IS NULL";
        }
        return "SELECT " + relation + " IS NULL OR (SELECT count(*) FROM pg_attribute WHERE attrelid = " + relation
                + " AND NOT attisdropped AND attname IN (" + columns.stream().distinct().map(Quoting::literal)
                .collect(Collectors.joining(", ")) + ")) < " + columns.stream().distinct().count();
    }

    /** Either guard: the statement is skipped when one of them holds. */
    static String either(String guard, String other) {
        return guard == null ? other : "SELECT (" + guard + ") OR (" + other + ")";
    }

    private static String regclass(TableRef table) {
        return Quoting.literal(table.sql()) + "::regclass";
    }
}
