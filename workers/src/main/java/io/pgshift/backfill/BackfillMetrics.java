package io.pgshift.backfill;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The backfill engine's meters, all under the {@code pgshift.backfill} prefix. */
final class BackfillMetrics {
    static final String PREFIX = "pgshift.backfill.";

    private final Counter rowsWritten;
    private final Counter rowsScanned;
    private final Counter retries;
    private final Counter throttled;
    private final Timer batches;

    BackfillMetrics(MeterRegistry registry) {
        this.rowsWritten = registry.counter(PREFIX + "rows.written");
        this.rowsScanned = registry.counter(PREFIX + "rows.scanned");
        this.retries = registry.counter(PREFIX + "retries");
        this.throttled = registry.counter(PREFIX + "throttle.checks.held");
        this.batches = registry.timer(PREFIX + "batch");
    }

    void batch(BatchResult result) {
        rowsWritten.increment(result.rowsWritten());
        rowsScanned.increment(result.rowsScanned());
    }

    void batchTime(long nanos) {
        batches.record(nanos, TimeUnit.NANOSECONDS);
    }

    void retry() {
        retries.increment();
    }

    void throttled() {
        throttled.increment();
    }
}
