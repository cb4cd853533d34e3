package io.pgshift.workers;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.backfill.WorkerSettings;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.quartz.QuartzConfig;
import io.pgshift.store.Migration;
import java.time.Clock;
import java.util.List;
import org.quartz.spi.JobFactory;

/**
 * What a {@link WorkerNode} is started with. Its Quartz store and state live in {@code stateUrl}
 * while its partitions write to {@code targetUrl}; with both the same, everything lives in the
 * target. {@code extraMigrations} are other modules' migrations, {@code otherJobs} builds other
 * modules' jobs (null: partition jobs only).
 */
public record NodeSpec(DatabaseUrl stateUrl, DatabaseUrl targetUrl, QuartzConfig quartz, WorkerSettings settings,
                       Clock clock, MeterRegistry registry, List<Migration> extraMigrations, JobFactory otherJobs) {

    /** A node whose state lives in {@code url}, the database it changes, with no other module's work. */
    public static NodeSpec of(DatabaseUrl url, QuartzConfig quartz, WorkerSettings settings, Clock clock,
                              MeterRegistry registry) {
        return new NodeSpec(url, url, quartz, settings, clock, registry, List.of(), null);
    }

    /** This node with its Quartz store and state in {@code stateUrl} instead of the target. */
    public NodeSpec withStateIn(DatabaseUrl stateUrl) {
        return new NodeSpec(stateUrl, targetUrl, quartz, settings, clock, registry, extraMigrations, otherJobs);
    }

    public NodeSpec withMigrations(List<Migration> extraMigrations) {
        return new NodeSpec(stateUrl, targetUrl, quartz, settings, clock, registry, extraMigrations, otherJobs);
    }

    public NodeSpec withOtherJobs(JobFactory otherJobs) {
        return new NodeSpec(stateUrl, targetUrl, quartz, settings, clock, registry, extraMigrations, otherJobs);
    }
}
