package io.pgshift.backfill;

import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a scheduled backfill may run. Definition: a batch may start at instant {@code t} iff the
 * cron expression, read in the schedule's zone, is satisfied by {@code t} truncated to the
 * minute. So a window is "the minutes in which the cron fires": {@code 0 * 22-23,0-5 ? * *}
 * opens at 22:00:00 and closes at 06:00:00. The seconds field must therefore be {@code 0} or
 * {@code *} (any other value could never be satisfied at a minute boundary).
 *
 * <p>A batch that started inside the window finishes even if the window closes meanwhile;
 * the worker stops at the next batch boundary.
 */
public final class ScheduleWindow implements Window {
    private final CronExpression cron;
    private final Schedule schedule;

    public ScheduleWindow(Schedule schedule) {
        this.schedule = schedule;
        this.cron = parse(schedule.cron());
        this.cron.setTimeZone(TimeZone.getTimeZone(schedule.zone()));
    }

    /** Throws IllegalArgumentException naming the problem when {@code cron} cannot define a window. */
    static void validate(String cron) {
        parse(cron);
        String seconds = cron.trim().split("\\s+")[0];
        if (!seconds.equals("0") && !seconds.equals("*")) {
            throw new IllegalArgumentException("the seconds field of a schedule cron must be 0 or *, got '"
                    + seconds + "' in '" + cron + "': a window is the minutes in which the cron fires");
        }
    }

    @Override
    public boolean isOpen(Instant t) {
        return cron.isSatisfiedBy(Date.from(t.truncatedTo(ChronoUnit.MINUTES)));
    }

    /**
     * The first minute boundary after {@code t} at which the window is open, if the cron ever
     * fires again. Called when the window is closed at {@code t}, so this is when it next opens.
     */
    @Override
    public Optional<Instant> nextOpening(Instant t) {
        return Optional.ofNullable(cron.getNextValidTimeAfter(Date.from(t))).map(Date::toInstant);
    }

    @Override
    public String describe() {
        return schedule.cron() + " (" + schedule.zone().getId() + ")";
    }

    private static CronExpression parse(String cron) {
        try {
            return new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid schedule cron '" + cron + "': " + e.getMessage(), e);
        }
    }
}
