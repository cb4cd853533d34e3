package io.pgshift.quartz;

import java.time.Duration;
import java.util.Properties;

/**
 * The Quartz settings of a pgshift worker node: JDBC job store on PostgreSQL in the
 * {@code pgshift} schema, clustered, with string-only job data (no Java serialisation in
 * the database, so nodes of different builds can share a cluster).
 */
public record QuartzConfig(String instanceId, int threads, Duration clusterCheckinInterval, Duration misfireThreshold) {
    public static final String SCHEDULER_NAME = "pgshift";
    public static final String DATA_SOURCE = "pgshift";

    public QuartzConfig {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
    }

    public static QuartzConfig defaults(String instanceId, int threads) {
        return new QuartzConfig(instanceId, threads, Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", QuartzDdl.TABLE_PREFIX);
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(clusterCheckinInterval.toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMillis()));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "true");
        // An idle node looks for due triggers this often. Triggers it schedules itself wake it at
        // once, but those another node or process stored (a partition rescheduled elsewhere, a
        // driver resumed by the API of another daemon) would wait up to Quartz's default 30 s.
        p.setProperty("org.quartz.scheduler.idleWaitTime", "5000");
        return p;
    }
}
