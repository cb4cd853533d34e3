package io.pgshift.daemon;

import io.pgshift.backfill.AnyWindow;
import io.pgshift.backfill.Schedule;
import io.pgshift.backfill.ScheduleWindow;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A target's {@code allowed_windows}: Quartz cron expressions whose firing minutes are the time
 * runs may touch the target, each read in its time zone (UTC unless given). A list that never
 * opens again is refused at start rather than leaving every run waiting forever.
 */
final class AllowedWindowsConfig {
    private final ConfigValues values;

    AllowedWindowsConfig(ConfigValues values) {
        this.values = values;
    }

    List<Schedule> read(String key, List<RawConfig.Window> raw) {
        if (raw == null) {
            return List.of();
        }
        if (raw.isEmpty()) {
            throw values.invalid(key, "is empty, which would forbid every run: remove the key to allow any time");
        }
        List<Schedule> windows = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            windows.add(window(key + "[" + i + "]", raw.get(i)));
        }
        AnyWindow any = new AnyWindow(windows.stream().map(ScheduleWindow::new).toList());
        Instant now = Instant.now();
        if (!any.isOpen(now) && any.nextOpening(now).isEmpty()) {
            throw values.invalid(key, "never opens again (" + any.describe() + ")");
        }
        return windows;
    }

    private Schedule window(String key, RawConfig.Window raw) {
        if (raw == null) {
            throw values.invalid(key, "must be a mapping: {cron: \"0 * 22-23,0-5 ? * *\", time_zone: Europe/Paris}");
        }
        String cron = values.required(key + ".cron", raw.cron);
        ZoneId zone;
        try {
            zone = raw.timeZone == null ? ZoneId.of("UTC") : ZoneId.of(raw.timeZone.trim());
        } catch (DateTimeException e) {
            throw values.invalid(key + ".time_zone", "is not a time zone: use e.g. UTC or Europe/Paris, got '"
                    + raw.timeZone + "'");
        }
        try {
            return new Schedule(cron.trim(), zone);
        } catch (IllegalArgumentException e) {
            throw values.invalid(key + ".cron", "is not a window: " + e.getMessage()
                    + " (Quartz cron: sec min hour day-of-month month day-of-week [year])");
        }
    }
}
