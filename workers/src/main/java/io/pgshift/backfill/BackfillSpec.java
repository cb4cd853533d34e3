package io.pgshift.backfill;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything a partition job needs to run a backfill, persisted as JSON on the backfill row
 * so any node can pick up any partition. {@code tableName} is the table as {@code regclass}
 * text (e.g. {@code public.users}), used to count lock waiters on it.
 */
public record BackfillSpec(String name, BackfillTarget target, String tableName, BatchSettings batch,
                           ThrottleSettings throttle, Optional<Schedule> schedule, Timeouts timeouts) {
    public BackfillSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** A spec with default batch, throttle and timeout settings and no schedule. */
    public static BackfillSpec of(String name, BackfillTarget target, String tableName) {
        return new BackfillSpec(name, target, tableName, BatchSettings.DEFAULTS, ThrottleSettings.DEFAULTS,
                Optional.empty(), Timeouts.DEFAULTS);
    }

    public BackfillSpec withBatch(BatchSettings b) {
        return new BackfillSpec(name, target, tableName, b, throttle, schedule, timeouts);
    }

    public BackfillSpec withThrottle(ThrottleSettings t) {
        return new BackfillSpec(name, target, tableName, batch, t, schedule, timeouts);
    }

    public BackfillSpec withSchedule(Schedule s) {
        return new BackfillSpec(name, target, tableName, batch, throttle, Optional.of(s), timeouts);
    }

    public BackfillSpec withTimeouts(Timeouts t) {
        return new BackfillSpec(name, target, tableName, batch, throttle, schedule, t);
    }

    /**
     * Per-batch {@code lock_timeout} and {@code statement_timeout}. A batch that waits on an
     * application's row lock gives up after {@code lockTimeoutMs} and is retried, rather than
     * queueing other sessions behind it.
     */
    public record Timeouts(int lockTimeoutMs, int statementTimeoutMs) {
        public static final Timeouts DEFAULTS = new Timeouts(1_000, 30_000);

        public Timeouts {
            if (lockTimeoutMs <= 0 || statementTimeoutMs <= 0) {
                throw new IllegalArgumentException("lock and statement timeouts must be > 0");
            }
        }
    }
}
