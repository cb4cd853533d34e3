package io.pgshift.catalog;

import java.util.List;

/**
 * A live constraint. {@code type} is pg_constraint.contype ('p', 'u', 'f', 'c', ...);
 * {@code definition} is pg_get_constraintdef(); {@code validated} is false while NOT VALID.
 */
public record ConstraintInfo(String name, char type, List<String> columns, String definition, boolean validated,
                             String referencedSchema, String referencedTable) {
    public ConstraintInfo {
        columns = List.copyOf(columns);
    }
}
