package io.pgshift.backfill;

import java.time.ZoneId;
import java.util.Objects;

/** A Quartz cron expression and the zone it is read in; see {@link ScheduleWindow} for what a window is. */
public record Schedule(String cron, ZoneId zone) {
    public Schedule {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        ScheduleWindow.validate(cron);
    }
}
