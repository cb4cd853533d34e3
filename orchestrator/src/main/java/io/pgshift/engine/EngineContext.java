package io.pgshift.engine;

import io.pgshift.audit.AuditLog;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import io.pgshift.workers.BackfillService;
import java.time.Clock;
import java.util.function.Supplier;
import org.quartz.Scheduler;

/**
 * Everything a run driver needs, built once per process and passed in.
 *
 * @param target    the database the playbooks change; it always holds the backfill checkpoints
 *                  (schema {@code pgshift}), which commit in the same transaction as their batch
 * @param state     where runs, steps, the audit log and Quartz live: the target itself, or a
 *                  separate state database
 * @param node      this process's name, recorded as the actor of what the engine does by itself
 * @param scheduler the Quartz scheduler partition jobs are scheduled on (a supplier: the node starts after wiring)
 */
public record EngineContext(DatabaseUrl target, DatabaseUrl state, String node, Clock clock, RunStore runs, StepStore steps,
                            AuditLog audit, BackfillService backfills, Supplier<Scheduler> scheduler,
                            EngineSettings settings) {
    /**
     * Whether runs, steps and the audit log live in a database of their own, which a failover of
     * the target does not take back with the target's last commits ({@link StepLandmarks}).
     */
    public boolean stateApart() {
        return !state.jdbcUrl().equals(target.jdbcUrl());
    }

    /** A context for work that schedules nothing (rollback, control commands): no Quartz node needed. */
    public static EngineContext offline(DatabaseUrl target, DatabaseUrl state, String node, Clock clock) {
        StepStore steps = new StepStore();
        return new EngineContext(target, state, node, clock, new RunStore(steps), steps, new AuditLog(clock),
                new BackfillService(target, clock), () -> {
                    throw new IllegalStateException("no scheduler in an offline engine context");
                }, EngineSettings.DEFAULT);
    }
}
