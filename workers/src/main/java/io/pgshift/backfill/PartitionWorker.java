package io.pgshift.backfill;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.SqlStates;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs partitions on one node: loads the backfill's spec and hands the partition to a {@link PartitionRun}. */
public final class PartitionWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorker.class);
    private final DatabaseUrl url;
    private final WorkerSettings settings;
    private final Clock clock;
    private final MeterRegistry registry;

    public PartitionWorker(DatabaseUrl url, WorkerSettings settings, Clock clock, MeterRegistry registry) {
        this.url = url;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Reads the spec in the session the partition's batches then run in (one session per run of
     * the partition, not one more for the spec), under pgshift's default socket timeout (60 s) until
     * the spec gives the batches' own.
     */
    public PartitionOutcome run(long backfillId, int partitionNo, BooleanSupplier stopRequested) throws SQLException {
        try (WorkConnection db = new WorkConnection(url, "pgshift-backfill", Connections.SOCKET_TIMEOUT)) {
            BackfillSpec spec;
            try {
                spec = db.inTransaction(c -> BackfillStore.spec(c, backfillId));
            } catch (SQLException e) {
                if (!SqlStates.isConnectionLost(e)) {
                    throw e;
                }
                LOG.warn("backfill {} partition {}: database unreachable ({}); trying again in {}", backfillId, partitionNo,
                        e.getMessage(), settings.outageRetry());
                return PartitionOutcome.at(PartitionOutcome.Kind.UNREACHABLE, clock.instant().plus(settings.outageRetry()));
            }
            return new PartitionRun(new PartitionTask(backfillId, partitionNo, spec), settings, clock, stopRequested, registry)
                    .run(db);
        }
    }
}
