package io.pgshift.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link Reliance} as plain JSON values: audit details, hook payloads, API views. */
public final class RelianceDetails {
    private RelianceDetails() {
    }

    public static Map<String, Object> of(Reliance r) {
        SyncTrigger t = r.trigger();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trigger", t.name());
        m.put("table", t.table().display());
        m.put("columns", t.columns());
        m.put("state", t.state().name());
        m.put("rows_filled", r.filled());
        m.put("rows_filled_recently", r.filledRecently());
        m.put("recent_window_seconds", r.recentWindow().toSeconds());
        m.put("last_fill_at", r.lastFillAt() == null ? null : r.lastFillAt().toString());
        m.put("quiet_for_seconds", r.quietFor().toSeconds());
        m.put("quiet_period_seconds", t.quietPeriod().toSeconds());
        m.put("relied_on", r.reliedOn());
        m.put("summary", r.describe());
        m.put("dropped_at", t.droppedAt() == null ? null : t.droppedAt().toString());
        m.put("dropped_by", t.droppedBy());
        return m;
    }
}
