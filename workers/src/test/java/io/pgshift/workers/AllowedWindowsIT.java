package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.Schedule;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Trigger;

/**
 * A target's allowed windows hold a backfill like its own schedule does. The crons are built
 * around the current time so the outcome does not depend on when the test runs: a month six
 * months ahead is closed now and opens on its first day; the hours from one before now to one
 * after are open for the whole test, even across an hour or midnight boundary.
 */
@ExtendWith(PgDatabaseExtension.class)
class AllowedWindowsIT {
    private static final ZoneId UTC = ZoneId.of("UTC");
    /** Feb 31 never occurs: a window that never opens. */
    private static final Schedule NEVER = new Schedule("0 * * 31 2 ?", UTC);

    private static WorkerNode node;
    private static BackfillService service;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        node = BackfillFixture.startNode(db, "allowed-node", 2);
        service = new BackfillService(db.url(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void closedAllowedWindowsParkEveryPartitionUntilTheyOpenAndWriteNothing(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "not_allowed", 1_000);
        ZonedDateTime opening = sixMonthsAhead();
        Schedule later = inMonthOf(opening);
        long id = BackfillFixture.create(db, BackfillFixture.spec("not_allowed", BatchSettings.DEFAULTS)
                .withAllowedWindows(List.of(later, NEVER)), 2);
        service.schedule(node.scheduler(), id);

        awaitAllWaitingForWindow(db, id);
        assertEquals(1_000, BackfillFixture.wrongRows(db, "not_allowed"), "no batch ran outside the allowed windows");
        assertEquals(0, service.status(id).rowsScanned());
        assertEquals("outside the target's allowed windows (0 * * ? " + opening.getMonthValue() + " * (UTC)"
                        + " or 0 * * 31 2 ? (UTC)); opens " + opening.toInstant(),
                service.status(id).partitions().get(0).pausedReason());
        assertEquals(opening.toInstant(), nextFire(id), "the job fires again when the allowed window opens");
        service.cancel(id);
    }

    @Test
    void theSameBackfillRunsToCompletionWhenAnAllowedWindowIsOpen(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "allowed", 1_000);
        Schedule later = inMonthOf(sixMonthsAhead());
        long id = BackfillFixture.create(db, BackfillFixture.spec("allowed", BatchSettings.DEFAULTS)
                .withAllowedWindows(List.of(later, NEVER, inHours(hoursAroundNow()))), 2);
        service.schedule(node.scheduler(), id);

        BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
        assertEquals(BackfillState.SUCCEEDED, status.state());
        assertEquals(0, BackfillFixture.wrongRows(db, "allowed"));
    }

    @Test
    void anOpenScheduleOutsideClosedAllowedWindowsParksNamingBoth(TestDatabase db) throws Exception {
        BackfillFixture.createTable(db, "scheduled_not_allowed", 1_000);
        ZonedDateTime month = sixMonthsAhead();
        int[] hours = hoursAroundNow();
        Schedule schedule = inHours(hours);
        Schedule later = inMonthOf(month);
        long id = BackfillFixture.create(db, BackfillFixture.spec("scheduled_not_allowed", BatchSettings.DEFAULTS)
                .withSchedule(schedule).withAllowedWindows(List.of(later)), 1);
        service.schedule(node.scheduler(), id);

        awaitAllWaitingForWindow(db, id);
        assertEquals(1_000, BackfillFixture.wrongRows(db, "scheduled_not_allowed"));
        // the first of the schedule's hours on the first day of that month
        int firstHour = IntStream.of(hours).min().orElseThrow();
        assertEquals("outside the schedule window " + schedule.cron() + " (UTC) within the target's allowed windows "
                        + later.cron() + " (UTC); opens " + month.withHour(firstHour).toInstant(),
                service.status(id).partitions().get(0).pausedReason());
        service.cancel(id);
    }

    /** Midnight UTC on the first day of the month six months from now. */
    private static ZonedDateTime sixMonthsAhead() {
        return ZonedDateTime.now(UTC).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).plusMonths(6);
    }

    private static Schedule inMonthOf(ZonedDateTime t) {
        return new Schedule("0 * * ? " + t.getMonthValue() + " *", UTC);
    }

    /** The hour before the current one, the current one and the next: open throughout the test. */
    private static int[] hoursAroundNow() {
        int hour = ZonedDateTime.now(UTC).getHour();
        return new int[] {(hour + 23) % 24, hour, (hour + 1) % 24};
    }

    private static Schedule inHours(int... h) {
        return new Schedule("0 * " + IntStream.of(h).mapToObj(String::valueOf).collect(Collectors.joining(","))
                + " ? * *", UTC);
    }

    private static void awaitAllWaitingForWindow(TestDatabase db, long id) throws InterruptedException {
        BackfillIT.waitFor(db, "SELECT bool_and(state = 'WAITING_FOR_WINDOW') FROM pgshift.backfill_partition"
                + " WHERE backfill_id = " + id);
    }

    private static Instant nextFire(long id) throws Exception {
        return node.scheduler().getTriggersOfJob(PartitionJob.key(id, 0)).stream()
                .map(Trigger::getNextFireTime).filter(Objects::nonNull).map(Date::toInstant)
                .findFirst().orElseThrow();
    }
}
