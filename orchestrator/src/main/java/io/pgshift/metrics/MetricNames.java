package io.pgshift.metrics;

/**
 * The meters the orchestrator registers, under the {@code pgshift.} prefix (Prometheus shows
 * dots as underscores, counters with {@code _total}, timers with {@code _seconds}); the backfill
 * workers register theirs ({@code pgshift.backfill.*}) in {@code io.pgshift.backfill.BackfillMetrics}.
 * docs/OPERATIONS.md explains each; dashboards and alerts should use these names only.
 */
public final class MetricNames {
    public static final String PREFIX = "pgshift.";

    // Registered by this package.
    /** Counter{target, lock}: statements retried after lock_timeout (SQLSTATE 55P03). */
    public static final String LOCK_TIMEOUT_RETRIES = PREFIX + "lock.timeout.retries";
    /** Timer{target, lock, phase}: the successful attempt of each executed plan statement. */
    public static final String STATEMENT_DURATION = PREFIX + "statement.duration";
    /** Gauge{target, state}: runs per state. */
    public static final String RUNS = PREFIX + "runs";
    /** Gauge{target}: runs waiting outside their windows. */
    public static final String WAITING_RUNS = PREFIX + "runs.waiting";
    /** Gauge{target, reason}: backfill partitions throttled now, per reason. */
    public static final String THROTTLED_PARTITIONS = PREFIX + "backfill.partitions.throttled";
    /** Gauge{target, pace}: running backfill partitions per pace (full_speed, yielding, fixed). */
    public static final String PACED_PARTITIONS = PREFIX + "backfill.partitions.paced";
    /** Counter{target, reason}: a partition seen newly throttled for a reason. */
    public static final String THROTTLE_PAUSES = PREFIX + "backfill.throttle.pauses";
    /** Counter{target, hook, reason}: hooks that failed, timed out or could not be queued. */
    public static final String HOOK_FAILURES = PREFIX + "hook.failures";
    /** Function counter{target}: audit observers that threw (the row was written all the same). */
    public static final String AUDIT_OBSERVER_FAILURES = PREFIX + "audit.observer.failures";
    /** Counter{target}: periodic reads of pgshift's state tables that failed (gauges keep their last values). */
    public static final String STATE_READ_FAILURES = PREFIX + "state.read.failures";

    /** Gauge{target, table, trigger}: rows a live sync trigger filled in the last 5 minutes. */
    public static final String SYNC_TRIGGER_ROWS_FILLED_RECENT = PREFIX + "sync.trigger.rows.filled.recent";
    /** Gauge{target, table, trigger}: seconds since a live sync trigger last filled a row. */
    public static final String SYNC_TRIGGER_QUIET_SECONDS = PREFIX + "sync.trigger.quiet.seconds";
    /** Gauge{target}: sync triggers retained after contract, waiting for cleanup. */
    public static final String SYNC_TRIGGERS_RETAINED = PREFIX + "sync.triggers.retained";
    /** Gauge{target}: sync triggers that filled rows within their quiet period (writers still rely on them). */
    public static final String SYNC_TRIGGERS_RELIED_ON = PREFIX + "sync.triggers.relied.on";

    public static final String TAG_TARGET = "target";
    public static final String TAG_TABLE = "table";
    public static final String TAG_TRIGGER = "trigger";
    public static final String TAG_STATE = "state";
    public static final String TAG_REASON = "reason";
    public static final String TAG_PACE = "pace";
    public static final String TAG_LOCK = "lock";
    public static final String TAG_PHASE = "phase";
    public static final String TAG_HOOK = "hook";

    private MetricNames() {
    }
}
