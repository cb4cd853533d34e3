package io.pgshift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgshift.backfill.Schedule;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.PlanRejectedException;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.RunPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowFitTest {
    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private static final RunPolicy NIGHTS = new RunPolicy(null,
            List.of(new Schedule("0 * 1-4 ? * *", ZoneId.of("UTC"))));

    private static Playbook withSchedule(String cron) {
        return new PlaybookParser().parse("p.yaml", """
                name: fill
                backfill:
                  - table: orders
                    set: {memo: "'x'"}
                  - table: invoices
                    set: {memo: "'x'"}
                    schedule: {cron: "%s", time_zone: UTC}
                """.formatted(cron));
    }

    @Test
    void scheduleThatNeverMeetsTheAllowedWindowsIsRefusedByPath() {
        PlanRejectedException e = assertThrows(PlanRejectedException.class,
                () -> WindowFit.check(withSchedule("0 * 12-13 ? * *"), NIGHTS, NOON));
        PlanProblem problem = e.problems().get(0);
        assertEquals(1, e.problems().size());
        assertEquals("backfill[1].schedule", problem.path());
        assertEquals("the backfill's schedule 0 * 12-13 ? * * (UTC) never falls within the target's allowed windows"
                + " 0 * 1-4 ? * * (UTC)", problem.message());
    }

    @Test
    void overlappingScheduleAndNoPolicyPass() {
        WindowFit.check(withSchedule("0 * 3-6 ? * *"), NIGHTS, NOON);
        WindowFit.check(withSchedule("0 * 12-13 ? * *"), RunPolicy.NONE, NOON);
    }
}
