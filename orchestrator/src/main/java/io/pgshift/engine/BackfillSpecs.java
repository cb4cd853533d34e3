package io.pgshift.engine;

import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.Schedule;
import io.pgshift.backfill.ThrottleSettings;
import io.pgshift.plan.PlannedStep;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.Settings;
import java.util.List;
import java.util.Optional;

/** Translates a playbook backfill and its planned step into the workers' {@link BackfillSpec}. */
final class BackfillSpecs {
    private BackfillSpecs() {
    }

    /** {@code allowedWindows}: the target's, recorded with the run; batches run only inside them. */
    static BackfillSpec of(String playbook, Backfill backfill, PlannedStep step, Settings settings,
                           List<Schedule> allowedWindows) {
        BatchSpec b = backfill.batch();
        BackfillSpec spec = BackfillSpec.of(playbook + ":" + step.path(), step.backfill().target(),
                        backfill.table().schema() + "." + backfill.table().name())
                .withBatch(new BatchSettings(b.size(), b.targetMs(), b.minSize(), b.maxSize(), b.pauseMs(), b.pace()))
                .withThrottle(new ThrottleSettings(backfill.throttle().maxReplicationLag(),
                        backfill.throttle().maxLockWaiters()))
                .withTimeouts(new BackfillSpec.Timeouts((int) settings.lockTimeout().toMillis(),
                        (int) settings.statementTimeout().toMillis()))
                .withAllowedWindows(allowedWindows);
        return schedule(backfill).map(spec::withSchedule).orElse(spec);
    }

    /** The backfill's own window, as the workers read it. */
    static Optional<Schedule> schedule(Backfill backfill) {
        return Optional.ofNullable(backfill.schedule()).map(s -> new Schedule(s.cron(), s.timeZone()));
    }
}
