package io.pgshift.catalog;

import java.util.List;

/**
 * A live constraint. {@code type} is pg_constraint.contype ('p', 'u', 'f', 'c', ...);
 * {@code definition} is pg_get_constraintdef(); {@code validated} is false while NOT VALID, and for a
 * unique, primary key or exclusion constraint while its index is INVALID (a partitioned table's
 * until every partition's index is attached).
 * For foreign keys, {@code referencedSchema}, {@code referencedTable} and {@code referencedColumns}
 * name the target; otherwise they are null and empty.
 */
public record ConstraintInfo(String name, char type, List<String> columns, String definition, boolean validated,
                             String referencedSchema, String referencedTable, List<String> referencedColumns) {
    public ConstraintInfo {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }

    public ConstraintInfo(String name, char type, List<String> columns, String definition, boolean validated,
                          String referencedSchema, String referencedTable) {
        this(name, type, columns, definition, validated, referencedSchema, referencedTable, List.of());
    }
}
