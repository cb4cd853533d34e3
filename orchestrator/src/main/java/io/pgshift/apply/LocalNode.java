package io.pgshift.apply;

import io.pgshift.audit.AuditLog;
import io.pgshift.backfill.WorkerSettings;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.engine.EngineContext;
import io.pgshift.engine.EngineJobFactory;
import io.pgshift.engine.SyncCleanupJob;
import io.pgshift.quartz.QuartzConfig;
import io.pgshift.run.RunStore;
import io.pgshift.run.StateMigrations;
import io.pgshift.run.StepStore;
import io.pgshift.workers.BackfillService;
import io.pgshift.workers.NodeSpec;
import io.pgshift.workers.WorkerNode;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * A pgshift node in this process: a member of the Quartz cluster on the target database that
 * runs run drivers and backfill partitions. {@code pgshift apply} starts one for its run.
 */
public final class LocalNode implements AutoCloseable {
    private final WorkerNode worker;
    private final EngineContext context;
    private final EngineJobFactory jobs;

    private LocalNode(WorkerNode worker, EngineContext context, EngineJobFactory jobs) {
        this.worker = worker;
        this.context = context;
        this.jobs = jobs;
    }

    /** A node changing the spec's target whose runs, audit log and Quartz store live in its state database. */
    public static LocalNode start(LocalNodeSpec spec) throws SQLException, SchedulerException {
        DatabaseUrl url = spec.url();
        DatabaseUrl stateUrl = spec.stateUrl();
        String node = spec.node();
        Clock clock = spec.clock();
        AtomicReference<Scheduler> scheduler = new AtomicReference<>();
        StepStore steps = new StepStore();
        EngineContext ctx = new EngineContext(url, stateUrl, node, clock, new RunStore(steps), steps, new AuditLog(clock, spec.observer()),
                new BackfillService(url, clock), scheduler::get, spec.settings());
        EngineJobFactory jobs = new EngineJobFactory(ctx);
        WorkerNode worker = WorkerNode.start(NodeSpec.of(url, QuartzConfig.defaults(node, spec.threads()),
                WorkerSettings.defaults(node), clock, spec.registry()).withStateIn(stateUrl)
                .withMigrations(StateMigrations.ORCHESTRATOR).withOtherJobs(jobs));
        scheduler.set(worker.scheduler());
        return new LocalNode(worker, ctx, jobs);
    }

    /**
     * Makes this node (a daemon's) drop retained sync triggers once they are quiet, and stores the
     * cluster's cleanup job (idempotent): {@link SyncCleanupJob}.
     */
    public void enableAutomaticCleanup() throws SchedulerException {
        jobs.enableAutomaticCleanup();
        SyncCleanupJob.schedule(worker.scheduler());
    }

    public EngineContext context() {
        return context;
    }

    public Scheduler scheduler() {
        return worker.scheduler();
    }

    @Override
    public void close() throws SchedulerException {
        worker.close();
    }
}
