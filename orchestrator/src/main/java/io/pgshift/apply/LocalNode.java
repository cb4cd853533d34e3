package io.pgshift.apply;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.audit.AuditLog;
import io.pgshift.backfill.WorkerSettings;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.engine.EngineContext;
import io.pgshift.engine.EngineJobFactory;
import io.pgshift.engine.EngineSettings;
import io.pgshift.engine.SyncCleanupJob;
import io.pgshift.quartz.QuartzConfig;
import io.pgshift.run.RunStore;
import io.pgshift.run.StateMigrations;
import io.pgshift.run.StepStore;
import io.pgshift.workers.BackfillService;
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

    public static LocalNode start(DatabaseUrl url, String node, int threads, EngineSettings settings, Clock clock,
                                  MeterRegistry registry) throws SQLException, SchedulerException {
        return start(url, node, threads, settings, clock, registry, io.pgshift.audit.AuditObserver.NONE);
    }

    /** As above, with {@code observer} told of every audit entry (metrics, hooks). */
    public static LocalNode start(DatabaseUrl url, String node, int threads, EngineSettings settings, Clock clock,
                                  MeterRegistry registry, io.pgshift.audit.AuditObserver observer)
            throws SQLException, SchedulerException {
        return start(url, url, node, threads, settings, clock, registry, observer);
    }

    /** A node changing {@code url} whose runs, audit log and Quartz store live in {@code stateUrl}. */
    public static LocalNode start(DatabaseUrl url, DatabaseUrl stateUrl, String node, int threads, EngineSettings settings,
                                  Clock clock, MeterRegistry registry, io.pgshift.audit.AuditObserver observer)
            throws SQLException, SchedulerException {
        AtomicReference<Scheduler> scheduler = new AtomicReference<>();
        StepStore steps = new StepStore();
        EngineContext ctx = new EngineContext(url, stateUrl, node, clock, new RunStore(steps), steps, new AuditLog(clock, observer),
                new BackfillService(url, clock), scheduler::get, settings);
        EngineJobFactory jobs = new EngineJobFactory(ctx);
        WorkerNode worker = WorkerNode.start(stateUrl, url, QuartzConfig.defaults(node, threads),
                WorkerSettings.defaults(node), clock, registry, StateMigrations.ORCHESTRATOR, jobs);
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
