package io.pgshift.playbook;

import java.time.ZoneId;

/** A backfill window: a Quartz cron expression whose firing minutes are the allowed time, in a time zone. */
public record ScheduleSpec(String cron, ZoneId timeZone) {
}
