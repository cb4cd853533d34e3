package io.pgshift.backfill;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.db.SocketTimeouts;
import io.pgshift.db.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch loop of one partition, from its checkpoint to the end of its range or until it
 * must stop (paused, cancelled, window closed, node stopping). Each batch and its checkpoint
 * commit in one transaction that first locks the partition row and reads the cursor from it,
 * so a crash loses at most the batch in flight and two workers on one partition can never
 * both write the same range. Transient errors are retried with jittered backoff; a database
 * still out of reach after them has the job run again later (an outage fails nothing); anything
 * else fails the partition.
 */
public final class PartitionRun {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionRun.class);

    private final long backfillId;
    private final int partitionNo;
    private final BackfillSpec spec;
    private final WorkerSettings settings;
    private final Clock clock;
    private final BooleanSupplier stopRequested;
    private final BackfillMetrics metrics;
    private final BatchStatement statement;
    private final AdaptiveBatchSize batchSize;
    private final Throttle throttle;
    /** Paces the batches when the playbook left it to pgshift ({@link Pace#AUTO}); null for a fixed pace. */
    private final Pacer pacer;
    private PaceDecision pace;
    private final Optional<Window> window;
    private final Retry retry;
    private Instant nextThrottleCheck = Instant.MIN;
    private int currentPauseMs;
    private long retriesSinceCheckpoint;
    private String lastRetryError;
    /**
     * Where a partition whose range is open above (the last one) stops: the table's greatest key
     * when this run of the loop started. Without it the last partition chased the application's
     * inserts batch after batch, ending only when a batch happened to find no new row (measured:
     * 62 s and 1,548 batches for a 50k-row partition under 200 inserts/s, by
     * scripts/bench-zero-downtime). Rows inserted later need no batch: with keep_in_sync the
     * trigger (installed before the backfill starts) fills them, and otherwise the gate counts
     * them and backfills again.
     */
    private List<String> stopAt;

    PartitionRun(PartitionTask task, WorkerSettings settings, Clock clock, BooleanSupplier stopRequested,
                 MeterRegistry registry) {
        BackfillSpec spec = task.spec();
        this.backfillId = task.backfillId();
        this.partitionNo = task.partitionNo();
        this.spec = spec;
        this.settings = settings;
        this.clock = clock;
        this.stopRequested = stopRequested;
        this.metrics = new BackfillMetrics(registry);
        this.statement = new BatchStatement(spec.target());
        this.batchSize = new AdaptiveBatchSize(spec.batch());
        this.throttle = new Throttle(spec.throttle());
        this.pacer = spec.batch().pace() == Pace.AUTO ? new Pacer() : null;
        this.pace = new PaceDecision(PaceMode.FIXED, spec.batch().targetMs(), spec.batch().pauseMs(),
                pacer == null ? "fixed: the playbook's batch settings" : "starting: no reading yet");
        this.window = Windows.of(spec.schedule(), spec.allowedWindows());
        this.retry = newRetry();
    }

    /** Runs the loop in {@code db}'s session; failures are recorded on the partition row before returning FAILED. */
    PartitionOutcome run(WorkConnection db) throws SQLException {
        try {
            // a batch runs under the statement timeout; a read silent for longer means the network is gone
            db.socketTimeout(SocketTimeouts.outlasting(Duration.ofMillis(spec.timeouts().statementTimeoutMs())));
            return loop(db);
        } catch (SQLException | RuntimeException e) {
            if (SqlStates.isConnectionLost(e)) {
                // an outage, not a fault of the partition: its row and checkpoint wait where they are
                LOG.warn("backfill {} partition {}: database still unreachable after {} attempts ({}); trying"
                        + " again in {}", backfillId, partitionNo, settings.maxAttempts(), e, settings.outageRetry());
                return PartitionOutcome.at(PartitionOutcome.Kind.UNREACHABLE,
                        clock.instant().plus(settings.outageRetry()));
            }
            LOG.error("backfill {} partition {} failed: {}", backfillId, partitionNo, e.toString(), e);
            withRetry(db, c -> fail(c, e));
            return PartitionOutcome.of(PartitionOutcome.Kind.FAILED);
        }
    }

    private PartitionOutcome loop(WorkConnection db) throws SQLException {
        Optional<PartitionOutcome> stop = withRetry(db, this::start);
        while (stop.isEmpty()) {
            stop = beforeBatch(db);
            if (stop.isEmpty()) {
                long started = System.nanoTime();
                stop = withRetry(db, this::batch);
                pace();
                metrics.batchTime(System.nanoTime() - started);
            }
        }
        return stop.get();
    }

    /** Takes the partition over (after a crash it may still say RUNNING, with another node's name). */
    private Optional<PartitionOutcome> start(Connection c) throws SQLException {
        Optional<PartitionRow> locked = PartitionStore.lock(c, backfillId, partitionNo);
        if (locked.isEmpty() || !locked.get().state().isRunnable() || locked.get().backfillState().isTerminal()) {
            return Optional.of(PartitionOutcome.of(PartitionOutcome.Kind.NOTHING_TO_DO));
        }
        PartitionRow row = locked.get();
        Optional<PartitionOutcome> control = operatorStop(c, row);
        if (control.isPresent()) {
            return control;
        }
        if (row.backfillState() == BackfillState.PENDING) {
            BackfillStore.move(c, backfillId, BackfillState.RUNNING);
        }
        batchSize.override(row.batchSize());
        if (row.upper() == null) {
            stopAt = statement.lastKey(c).orElse(null);
        }
        PartitionStore.move(c, row, PartitionState.RUNNING, null, settings.node());
        LOG.info("backfill {} partition {} running from {}", backfillId, partitionNo, row.nextLower());
        return Optional.empty();
    }

    /** Between batches: node stopping, window, throttle. None of these writes unless it stops. */
    private Optional<PartitionOutcome> beforeBatch(WorkConnection db) throws SQLException {
        if (stopRequested.getAsBoolean()) {
            return Optional.of(PartitionOutcome.at(PartitionOutcome.Kind.STOPPED, clock.instant()));
        }
        Instant now = clock.instant();
        if (window.isPresent() && !window.get().isOpen(now)) {
            Optional<Instant> opens = window.get().nextOpening(now);
            String reason = WindowReason.outside(spec.schedule(), spec.allowedWindows(), opens);
            return withRetry(db, c -> park(c, PartitionState.WAITING_FOR_WINDOW, PauseReason.of(reason)))
                    .or(() -> Optional.of(opens.map(t -> PartitionOutcome.at(PartitionOutcome.Kind.WAITING_FOR_WINDOW, t))
                            .orElse(PartitionOutcome.of(PartitionOutcome.Kind.WAITING_FOR_WINDOW))));
        }
        return throttled(db);
    }

    /**
     * Holds while the throttle says so, showing why on the partition row (written when the hold
     * starts and refreshed every {@code reasonRefresh}, not on every reading); still obeys
     * pause, cancel and node shutdown. Reads the signals at most every {@code throttleCheckInterval}.
     */
    private Optional<PartitionOutcome> throttled(WorkConnection db) throws SQLException {
        if (clock.instant().isBefore(nextThrottleCheck)) {
            return Optional.empty();
        }
        Instant reasonDue = clock.instant();
        while (true) {
            nextThrottleCheck = clock.instant().plus(settings.throttleCheckInterval());
            long started = System.nanoTime();
            ThrottleSignals signals = withRetry(db, c -> ThrottleProbe.read(c, spec.tableName()));
            Duration probe = Duration.ofNanos(System.nanoTime() - started);
            ThrottleDecision decision = throttle.decide(signals);
            if (!decision.throttled()) {
                if (pacer != null) {
                    pace = pacer.decide(signals, probe);
                    batchSize.retarget(pace.targetMs());
                }
                return Optional.empty();
            }
            metrics.throttled();
            if (!clock.instant().isBefore(reasonDue)) {
                Optional<PartitionOutcome> stop = withRetry(db, c -> park(c, PartitionState.THROTTLED, decision.pauseReason()));
                if (stop.isPresent()) {
                    return stop;
                }
                reasonDue = clock.instant().plus(settings.reasonRefresh());
                LOG.info("backfill {} partition {} throttled: {}", backfillId, partitionNo, decision.reason());
            }
            if (stopRequested.getAsBoolean()) {
                return Optional.of(PartitionOutcome.at(PartitionOutcome.Kind.STOPPED, clock.instant()));
            }
            sleep(settings.throttledSleep().toMillis());
        }
    }

    /** One batch and its checkpoint, in the caller's transaction. */
    private Optional<PartitionOutcome> batch(Connection c) throws SQLException {
        BatchLocals.apply(c, spec);
        Optional<PartitionRow> locked = PartitionStore.lock(c, backfillId, partitionNo);
        if (locked.isEmpty() || !locked.get().state().isRunnable()) {
            return Optional.of(PartitionOutcome.of(PartitionOutcome.Kind.NOTHING_TO_DO));
        }
        PartitionRow row = locked.get();
        Optional<PartitionOutcome> control = operatorStop(c, row);
        if (control.isPresent()) {
            return control;
        }
        if (row.state() != PartitionState.RUNNING) {
            PartitionStore.move(c, row, PartitionState.RUNNING, null, settings.node());
        }
        if (row.backfillState() == BackfillState.PENDING) {
            // start() moved it, but a failover to a standby behind the primary can lose that commit
            // while this batch, retried, goes on there: the backfill runs whenever a batch does
            BackfillStore.move(c, backfillId, BackfillState.RUNNING);
        }
        if (row.batchSizeOverride() != null && row.batchSizeOverride() != batchSize.current()) {
            batchSize.override(row.batchSizeOverride());
        }
        int size = batchSize.current();
        long started = System.nanoTime();
        Optional<BatchResult> result = statement.run(c, row.nextLower(),
                row.upper() != null ? row.upper() : stopAt, size);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (result.isEmpty()) {
            PartitionStore.move(c, row, PartitionState.DONE, null, settings.node());
            BackfillStore.settle(c, backfillId);
            LOG.info("backfill {} partition {} done", backfillId, partitionNo);
            return Optional.of(PartitionOutcome.of(PartitionOutcome.Kind.DONE));
        }
        batchSize.record(elapsed, result.get().rowsScanned());
        PaceDecision now = paceOf(row);
        PartitionStore.checkpoint(c, row, result.get(), new PartitionStore.Checkpoint(batchSize.current(),
                elapsed.toMillis() + now.pauseMs(), new PartitionStore.RetryNote(retriesSinceCheckpoint, lastRetryError), now),
                settings.node());
        retriesSinceCheckpoint = 0;
        lastRetryError = null;
        metrics.batch(result.get());
        currentPauseMs = now.pauseMs();
        return Optional.empty();
    }

    /** The pacer's decision, unless a live knob overrides it: an operator's setting always wins. */
    private PaceDecision paceOf(PartitionRow row) {
        if (row.pauseMsOverride() == null && row.batchSizeOverride() == null) {
            return pace;
        }
        int pauseMs = row.pauseMsOverride() != null ? row.pauseMsOverride() : pace.pauseMs();
        return new PaceDecision(PaceMode.FIXED, pace.targetMs(), pauseMs, "fixed: set live ("
                + (row.batchSizeOverride() != null ? "batch size " + row.batchSizeOverride() : "")
                + (row.batchSizeOverride() != null && row.pauseMsOverride() != null ? ", " : "")
                + (row.pauseMsOverride() != null ? "pause " + row.pauseMsOverride() + " ms" : "") + ")");
    }

    /** An operator's pause or cancel, applied to the partition at this batch boundary. */
    private Optional<PartitionOutcome> operatorStop(Connection c, PartitionRow row) throws SQLException {
        return switch (row.backfillState()) {
            case PAUSED -> {
                PartitionStore.move(c, row, PartitionState.PAUSED, PauseReason.of("paused by an operator"), settings.node());
                yield Optional.of(PartitionOutcome.of(PartitionOutcome.Kind.PAUSED));
            }
            case CANCELLED -> {
                PartitionStore.move(c, row, PartitionState.CANCELLED, PauseReason.of("cancelled by an operator"), settings.node());
                yield Optional.of(PartitionOutcome.of(PartitionOutcome.Kind.CANCELLED));
            }
            case PENDING, RUNNING, SUCCEEDED, FAILED -> Optional.empty();
        };
    }

    /** Parks the partition in a self-imposed wait state with its reason, unless an operator stop comes first. */
    private Optional<PartitionOutcome> park(Connection c, PartitionState state, PauseReason reason) throws SQLException {
        Optional<PartitionRow> locked = PartitionStore.lock(c, backfillId, partitionNo);
        if (locked.isEmpty() || !locked.get().state().isRunnable()) {
            return Optional.of(PartitionOutcome.of(PartitionOutcome.Kind.NOTHING_TO_DO));
        }
        Optional<PartitionOutcome> control = operatorStop(c, locked.get());
        if (control.isPresent()) {
            return control;
        }
        if (locked.get().state() == state) {
            PartitionStore.updateReason(c, backfillId, partitionNo, reason);
        } else {
            PartitionStore.move(c, locked.get(), state, reason, settings.node());
        }
        return Optional.empty();
    }

    private Void fail(Connection c, Exception cause) throws SQLException {
        Optional<PartitionRow> locked = PartitionStore.lock(c, backfillId, partitionNo);
        if (locked.isPresent() && locked.get().state().canMoveTo(PartitionState.FAILED)) {
            PartitionStore.move(c, locked.get(), PartitionState.FAILED, PauseReason.of(cause.toString()), settings.node());
            BackfillStore.settle(c, backfillId);
        }
        return null;
    }

    private void pace() {
        if (currentPauseMs > 0) {
            sleep(currentPauseMs);
        }
    }

    private <T> T withRetry(WorkConnection db, WorkConnection.Work<T> work) throws SQLException {
        try {
            return retry.executeCheckedSupplier(() -> db.inTransaction(work));
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("unexpected checked exception from a batch", t);
        }
    }

    private Retry newRetry() {
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
                        settings.maxBackoff()))
                .retryOnException(SqlStates::isRetryable)
                .build();
        Retry r = Retry.of("backfill-" + backfillId + "-" + partitionNo, config);
        r.getEventPublisher().onRetry(event -> {
            Throwable error = event.getLastThrowable();
            retriesSinceCheckpoint++;
            lastRetryError = String.valueOf(error);
            metrics.retry();
            if (error instanceof SQLException sql && SqlStates.isTimeout(sql.getSQLState())) {
                batchSize.onTimeout();
            }
            LOG.warn("backfill {} partition {}: attempt {} failed, retrying in {} ms: {}", backfillId, partitionNo,
                    event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(), String.valueOf(error));
        });
        return r;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // the stop flag ends the loop at the next boundary; keep the interrupt visible to it
            Thread.currentThread().interrupt();
        }
    }
}
