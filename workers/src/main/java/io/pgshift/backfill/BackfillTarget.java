package io.pgshift.backfill;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;

/**
 * What one backfill writes: the quoted, qualified table; the key it walks (in index order);
 * each target column with its SQL expression; an optional extra filter (null for none); an
 * optional table the values are read from (null for none); the name of pgshift's trigger on the
 * table that computes the same values for the application's writes (null for none), which the
 * batch's own rows pass by ({@link BatchLocals}).
 */
public record BackfillTarget(String tableSql, List<KeyColumn> key, Map<String, String> set, String where,
                             BackfillJoin join, String syncTrigger) {
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

    /** A backfill no trigger of pgshift's keeps in sync. */
    public BackfillTarget(String tableSql, List<KeyColumn> key, Map<String, String> set, String where,
                          BackfillJoin join) {
        this(tableSql, key, set, where, join, null);
    }

    /** A backfill whose values come from the row itself. */
    public BackfillTarget(String tableSql, List<KeyColumn> key, Map<String, String> set, String where) {
        this(tableSql, key, set, where, null);
    }
}
