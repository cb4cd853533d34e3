package io.pgshift.workers;

import io.pgshift.backfill.PartitionWorker;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.quartz.HikariConnectionProvider;
import io.pgshift.quartz.QuartzConfig;
import io.pgshift.quartz.StaleFirings;
import io.pgshift.store.Migration;
import io.pgshift.store.Migrations;
import io.pgshift.store.SchemaMigrator;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of the pgshift Quartz cluster: brings the state schema up to date, then runs a
 * clustered scheduler whose threads execute backfill partition jobs. Any number of nodes may
 * point at one database; a node that dies has its partitions recovered by the others.
 */
public final class WorkerNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);

    private static final AtomicInteger NODES = new AtomicInteger();

    private final Scheduler scheduler;

    private WorkerNode(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Migrates (workers' migrations plus the spec's extra ones; the target, when it is not the state
     * database, gets only the migrations whose home is the target: checkpoints commit with their
     * batches) and starts the scheduler.
     */
    public static WorkerNode start(NodeSpec spec) throws SQLException, SchedulerException {
        DatabaseUrl stateUrl = spec.stateUrl();
        DatabaseUrl targetUrl = spec.targetUrl();
        QuartzConfig quartz = spec.quartz();
        List<Migration> extraMigrations = spec.extraMigrations();
        DatabaseUrl url = stateUrl;
        try (Connection c = Connections.open(stateUrl, "pgshift-migrate")) {
            SchemaMigrator.migrate(c, Migrations.with(extraMigrations));
        }
        if (!stateUrl.jdbcUrl().equals(targetUrl.jdbcUrl())) {
            try (Connection c = Connections.open(targetUrl, "pgshift-migrate")) {
                SchemaMigrator.migrate(c, Migrations.targetOnly(extraMigrations));
            }
        }
        // Quartz looks data sources up by name in a JVM-wide registry; one pool per node, under a
        // name of its own, so that a daemon can run one node per target database in one JVM.
        String dataSource = QuartzConfig.DATA_SOURCE + "-" + NODES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource,
                new HikariConnectionProvider(url, quartz.threads() + 3, "pgshift-quartz-" + quartz.instanceId()));
        Properties properties = quartz.toProperties();
        properties.setProperty("org.quartz.jobStore.dataSource", dataSource);
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        scheduler.getContext().put(StaleFirings.DATA_SOURCE, dataSource);
        // Quartz also keeps schedulers in a JVM-wide repository keyed by scheduler name, and hands
        // an existing one out again instead of creating a new one. Every node of a cluster must
        // share that name ("pgshift", stored with each Quartz row of the target database), so a
        // second node in this JVM (another target) would get this one: unbind it; it stays
        // reachable through this WorkerNode only.
        SchedulerRepository.getInstance().remove(QuartzConfig.SCHEDULER_NAME);
        scheduler.setJobFactory(new PartitionJobFactory(new PartitionWorker(targetUrl, spec.settings(), spec.clock(), spec.registry()),
                spec.otherJobs()));
        scheduler.start();
        LOG.info("worker node {} started on {} with {} threads", quartz.instanceId(), url, quartz.threads());
        return new WorkerNode(scheduler);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Stops taking work, asks running partitions to stop at their next batch boundary (they
     * schedule themselves again, so another node or a restart carries on) and waits for them;
     * with none running it returns at once.
     */
    @Override
    public void close() throws SchedulerException {
        scheduler.standby();
        for (JobExecutionContext running : scheduler.getCurrentlyExecutingJobs()) {
            scheduler.interrupt(running.getFireInstanceId());
        }
        // Waiting is for running jobs only: Quartz's idle pool threads notice a shutdown at their
        // next half-second wake-up, and waiting for them cost every apply that long at its exit.
        // A job handed a thread just as this looked is a crash at worst: it resumes from its checkpoint.
        scheduler.shutdown(!scheduler.getCurrentlyExecutingJobs().isEmpty());
        LOG.info("worker node stopped");
    }
}
