package io.pgshift.playbook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Collections;

/**
 * A backfill: {@code set} maps a column to the SQL expression it gets, evaluated per row;
 * {@code from} (nullable) is another table those expressions may read, joined on a key;
 * {@code where} (nullable) is an extra filter; {@code schedule} (nullable) restricts it to windows.
 */
public record Backfill(TableRef table, BackfillSource from, Map<String, String> set, String where, boolean keepInSync,
                       BatchSpec batch, ScheduleSpec schedule, ThrottleSpec throttle) {
    public Backfill {
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }

    /** A backfill whose values come from the row itself. */
    public Backfill(TableRef table, Map<String, String> set, String where, boolean keepInSync, BatchSpec batch,
                    ScheduleSpec schedule, ThrottleSpec throttle) {
        this(table, null, set, where, keepInSync, batch, schedule, throttle);
    }
}
