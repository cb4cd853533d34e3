package io.pgshift.catalog;

import java.util.List;

/** A live index; {@code definition} is pg_get_indexdef(); {@code valid} is false after a failed CONCURRENTLY build. */
public record IndexInfo(String name, List<String> columns, boolean unique, boolean primary, boolean valid,
                        boolean partial, String definition) {
    public IndexInfo {
        columns = List.copyOf(columns);
    }
}
