package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.ScheduleSpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * {@code schedule-never-fires}: a backfill window whose cron has no firing time after now (30
 * February, a year in the past). The backfill would wait forever and the run would never finish.
 */
public final class ScheduleNeverFiresRule implements LintRule {
    private final Clock clock;

    public ScheduleNeverFiresRule(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "schedule-never-fires";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "a backfill schedule whose cron expression never fires again.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (int b = 0; b < playbook.backfill().size(); b++) {
            Backfill backfill = playbook.backfill().get(b);
            if (backfill.schedule() != null) {
                String problem = problem(backfill.schedule());
                if (problem != null) {
                    findings.add(finding(playbook, Paths.backfill(b, "schedule.cron"), problem,
                            "check the day-of-month against the month (no 30 February) and the year field; Quartz "
                                    + "cron fields are: second minute hour day-of-month month day-of-week [year]"));
                }
            }
        }
        return findings;
    }

    /** Null when the schedule fires again, else why it does not. */
    private String problem(ScheduleSpec schedule) {
        CronExpression cron;
        try {
            cron = new CronExpression(schedule.cron());
        } catch (ParseException e) {
            return "cron \"" + schedule.cron() + "\" is not a Quartz cron expression (" + e.getMessage()
                    + "), so the window never opens";
        }
        cron.setTimeZone(TimeZone.getTimeZone(schedule.timeZone() == null ? ZoneOffset.UTC : schedule.timeZone()));
        Date now = Date.from(clock.instant());
        return cron.getNextValidTimeAfter(now) != null ? null
                : "cron \"" + schedule.cron() + "\" never fires after " + clock.instant()
                        + ": the backfill would wait forever for its window";
    }
}
