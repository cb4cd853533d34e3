package io.pgshift.backfill;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a partition job needs to run a backfill, persisted as JSON on the backfill row
 * so any node can pick up any partition. {@code tableName} is the table as {@code regclass}
 * text (e.g. {@code public.users}), used to count lock waiters on it. Batches run only inside
 * {@code schedule} (the playbook's window, if any) and inside any of {@code allowedWindows} (the
 * target's policy; empty means any time).
 */
public record BackfillSpec(String name, BackfillTarget target, String tableName, BatchSettings batch,
                           ThrottleSettings throttle, Optional<Schedule> schedule, List<Schedule> allowedWindows,
                           Timeouts timeouts) {
    public BackfillSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(schedule, "schedule");
        allowedWindows = List.copyOf(Objects.requireNonNull(allowedWindows, "allowedWindows"));
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** A spec with default batch, throttle and timeout settings, no schedule and no allowed windows. */
    public static BackfillSpec of(String name, BackfillTarget target, String tableName) {
        return new BackfillSpec(name, target, tableName, BatchSettings.DEFAULTS, ThrottleSettings.DEFAULTS,
                Optional.empty(), List.of(), Timeouts.DEFAULTS);
    }

    public BackfillSpec withBatch(BatchSettings b) {
        return new BackfillSpec(name, target, tableName, b, throttle, schedule, allowedWindows, timeouts);
    }

    public BackfillSpec withThrottle(ThrottleSettings t) {
        return new BackfillSpec(name, target, tableName, batch, t, schedule, allowedWindows, timeouts);
    }

    public BackfillSpec withSchedule(Schedule s) {
        return new BackfillSpec(name, target, tableName, batch, throttle, Optional.of(s), allowedWindows, timeouts);
    }

    public BackfillSpec withAllowedWindows(List<Schedule> allowed) {
        return new BackfillSpec(name, target, tableName, batch, throttle, schedule, allowed, timeouts);
    }

    public BackfillSpec withTimeouts(Timeouts t) {
        return new BackfillSpec(name, target, tableName, batch, throttle, schedule, allowedWindows, t);
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
