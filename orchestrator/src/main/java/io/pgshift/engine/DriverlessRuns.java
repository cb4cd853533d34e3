package io.pgshift.engine;

import io.pgshift.run.RunStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a driver should be carrying that no driver carries and none is set to: nobody holds their
 * lease, and Quartz has no trigger of their driver that can fire. Two ways there: a failover of
 * the database that lost a driver's end (the promoted server has the run in an earlier phase, its
 * lease long expired, and Quartz's store still has the driver executing on this node, which it
 * is not), or a driver that could not schedule itself again after a long outage. A node fires the
 * drivers of its runs when it starts, and Quartz recovers the jobs of a node only when another
 * finds it dead: a daemon that stays up would leave such a run where it stands for good. A driver
 * fired for nothing is harmless: it finds the run held or ended and returns.
 */
public final class DriverlessRuns {
    /**
     * How long a run must have had no lease, nor moved, to be looked at: a driver renews its lease
     * well within its length, and a new run's trigger is stored a moment after its row.
     */
    static final Duration GRACE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(DriverlessRuns.class);

    private DriverlessRuns() {
    }

    /** Fires the driver of every run that has none; returns those runs. */
    public static List<Long> fire(Scheduler scheduler, Connection state, RunStore runs)
            throws SQLException, SchedulerException {
        List<Long> fired = new ArrayList<>();
        for (long runId : runs.leaseless(state, GRACE)) {
            if (RunJobs.driverSet(scheduler, runId)) {
                continue;
            }
            LOG.warn("run {} has no driver: none holds its lease and none is set to fire (a failover that lost a"
                    + " driver's end, or a driver that could not fire again after a long outage); firing its driver", runId);
            RunJobs.schedule(scheduler, runId);
            fired.add(runId);
        }
        return fired;
    }
}
