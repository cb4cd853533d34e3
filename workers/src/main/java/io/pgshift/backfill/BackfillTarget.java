package io.pgshift.backfill;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;

/**
 * What one backfill writes: the quoted, qualified table; the key it walks (in index order);
 * each target column with its SQL expression; an optional extra filter (null for none); an
 * optional table the values are read from (null for none).
 */
public record BackfillTarget(String tableSql, List<KeyColumn> key, Map<String, String> set, String where,
                             BackfillJoin join) {
    public BackfillTarget {
        key = List.copyOf(key);
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a backfill needs a key to walk");
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("a backfill needs at least one column to set");
        }
    }

    /** A backfill whose values come from the row itself. */
    public BackfillTarget(String tableSql, List<KeyColumn> key, Map<String, String> set, String where) {
        this(tableSql, key, set, where, null);
    }
}
