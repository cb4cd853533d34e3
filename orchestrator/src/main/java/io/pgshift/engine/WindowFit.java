package io.pgshift.engine;

import io.pgshift.backfill.ScheduleWindow;
import io.pgshift.backfill.Window;
import io.pgshift.backfill.Windows;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.PlanRejectedException;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.StepPath;
import io.pgshift.run.RunPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses, at submission, a playbook whose backfill schedule never meets the target's allowed
 * windows: accepted, its run would wait forever after its expand phase had already changed the
 * schema.
 */
public final class WindowFit {
    private WindowFit() {
    }

    /** @throws PlanRejectedException naming each backfill whose schedule never opens within the windows */
    public static void check(Playbook playbook, RunPolicy policy, Instant now) {
        if (policy.allowedWindows().isEmpty()) {
            return;
        }
        List<PlanProblem> problems = new ArrayList<>();
        List<Backfill> backfills = playbook.backfill();
        for (int i = 0; i < backfills.size(); i++) {
            var schedule = BackfillSpecs.schedule(backfills.get(i));
            Optional<Window> both = Windows.of(schedule, policy.allowedWindows());
            if (schedule.isPresent() && both.isPresent() && !both.get().isOpen(now)
                    && both.get().nextOpening(now).isEmpty()) {
                problems.add(new PlanProblem.ScheduleOutsideWindows(StepPath.backfill(i).with("schedule").toString(),
                        new ScheduleWindow(schedule.get()).describe(), policy.window().orElseThrow().describe()));
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanRejectedException(problems);
        }
    }
}
