package io.pgshift.engine;

import io.pgshift.exec.RetryClassifier;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a run, and drives it again while the database is out of reach (a restart, a network
 * cut) instead of failing: every {@link #RETRY_AFTER}, for at most {@link #PATIENCE}. The run's
 * rows say where it is, so each attempt carries on from there behind the steps' guards. When only
 * the target is out of reach, the run says so meanwhile ({@link TargetOutage}). Used by the
 * driver's Quartz job and by a rollback driven in the CLI's own process.
 */
final class OutageRide {
    private static final Logger LOG = LoggerFactory.getLogger(OutageRide.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final Duration PATIENCE = Duration.ofMinutes(10);

    private final RunDriver driver;
    private final TargetOutage outage;

    OutageRide(EngineContext ctx) {
        this.driver = new RunDriver(ctx);
        this.outage = new TargetOutage(ctx, RETRY_AFTER);
    }

    /** The driver's outcome; empty when the database stayed out of reach for longer than {@link #PATIENCE}. */
    Optional<RunOutcome> drive(long runId) throws SQLException, InterruptedException {
        Instant outageStart = null;
        while (true) {
            try {
                return Optional.of(driver.drive(runId));
            } catch (SQLException | RuntimeException e) {
                Optional<SQLException> lost = RetryClassifier.lostConnection(e);
                if (lost.isEmpty()) {
                    throw e;
                }
                outageStart = e instanceof TargetUnreachableException unreachable
                        ? recordOutage(runId, outageStart, unreachable)
                        : outageStart == null ? Instant.now() : outageStart;
                if (Duration.between(outageStart, Instant.now()).compareTo(PATIENCE) > 0) {
                    LOG.warn("run {}: database unreachable for more than {}", runId, PATIENCE);
                    return Optional.empty();
                }
                LOG.warn("run {}: database unreachable ({}); driving it again in {}", runId,
                        lost.get().getMessage().split("\n", 2)[0], RETRY_AFTER);
                Thread.sleep(RETRY_AFTER.toMillis());
            }
        }
    }

    /**
     * Best effort: the reason helps the operator, but the driver tries again whether it was recorded
     * or not. Returns when the outage began.
     */
    private Instant recordOutage(long runId, Instant since, TargetUnreachableException error) {
        try {
            return outage.record(runId, since, error);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("run {}: could not record that the target is unreachable: {}", runId, e.toString());
            return since == null ? Instant.now() : since;
        }
    }
}
