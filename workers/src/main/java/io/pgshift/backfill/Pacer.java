package io.pgshift.backfill;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Paces a partition's batches by what it sees of the database ({@link Pace#AUTO}). While no
 * other client session is at work it runs {@link #FULL_SPEED_TARGET_MS} batches back to back
 * (bounded by the playbook's {@code max_size}): an idle database gets done as fast as one
 * UPDATE would. As soon as one is, it yields: short batches, because a live transaction's
 * latency follows the length of the batch it coincides with (docs/BENCHMARKS.md), and a pause
 * after each of them that grows while the probe (the round trip of its signal reading) is slow
 * and shrinks back once it is not.
 *
 * <p>Slow against what: the database's answer under the same traffic without this backfill.
 * So every {@link #REST_EVERY} readings while yielding (and at the first one) the partition
 * rests for {@link #REST_MS}, and the reading after the rest is the reference. Comparing with an
 * idle database's probe instead held a backfill started under load at its slowest for good:
 * the application's own work slows the probe, whatever the backfill does (measured: the pause
 * stuck at 1 s, 900 rows/s, docs/BENCHMARKS.md). One instance per partition loop; not
 * thread-safe.
 */
public final class Pacer {
    /** Batch length at full speed: long enough that a batch's fixed costs (lock, checkpoint, commit) are a few percent. */
    public static final int FULL_SPEED_TARGET_MS = 200;
    /** Batch length while yielding; see docs/BENCHMARKS.md, "Pacing". */
    static final int YIELD_TARGET_MS = 2;
    /**
     * The pause after each batch while yielding, in multiples of the batch target: at least the
     * floor (50 ms). The probe cannot see everything a batch costs the application (WAL flushes,
     * the table's end where new row versions go), so the floor itself must be gentle: at 16 ms the
     * load's p99 went 2.4 – 4 × its level before, at 50 ms 1.3 – 1.9 × (docs/BENCHMARKS.md); the
     * price is speed under load, about 10,000 rows/s instead of up to 30,000.
     */
    static final int PAUSE_FLOOR_FACTOR = 25;
    static final int PAUSE_MAX_MS = 1_000;
    /** Readings (one per half second) between two rests while yielding. */
    static final int REST_EVERY = 20;
    static final int REST_MS = 750;
    private static final double SLOW = 2.0;
    private static final double RECOVERED = 1.5;
    private static final int WINDOW = 10;
    private static final int REST_WINDOW = 5;

    private final Deque<Long> recent = new ArrayDeque<>();
    private final Deque<Long> rested = new ArrayDeque<>();
    private final int yieldTargetMs;
    private final int pauseFloorMs;
    private int pauseMs;
    private boolean resting;
    private int sinceRest = REST_EVERY;

    public Pacer() {
        this(YIELD_TARGET_MS, YIELD_TARGET_MS * PAUSE_FLOOR_FACTOR);
    }

    Pacer(int yieldTargetMs, int pauseFloorMs) {
        this.yieldTargetMs = yieldTargetMs;
        this.pauseFloorMs = pauseFloorMs;
        this.pauseMs = pauseFloorMs;
    }

    /** Decides from a signal reading and how long that reading took (its round trip and commit). */
    public PaceDecision decide(ThrottleSignals signals, Duration probe) {
        long probeMicros = Math.max(1, probe.toNanos() / 1_000);
        int others = signals.busySessions() + signals.hiddenSessions();
        if (resting) {
            resting = false;
            remember(rested, probeMicros, REST_WINDOW);
        } else {
            remember(recent, probeMicros, WINDOW);
        }
        if (others == 0) {
            pauseMs = pauseFloorMs;
            sinceRest = REST_EVERY; // traffic that comes back gets a fresh reference at once
            rested.clear();
            return new PaceDecision(PaceMode.FULL_SPEED, FULL_SPEED_TARGET_MS, 0, "full speed: no other session busy");
        }
        StringBuilder why = new StringBuilder("yielding: ").append(sessions(signals));
        if (++sinceRest >= REST_EVERY) {
            sinceRest = 0;
            resting = true;
            why.append("; resting ").append(REST_MS).append(" ms to measure the database without this backfill");
            return new PaceDecision(PaceMode.YIELDING, yieldTargetMs, REST_MS, why.toString());
        }
        if (!recent.isEmpty() && !rested.isEmpty()) {
            long p95 = percentile(recent, 0.95);
            long reference = percentile(rested, 0.5);
            double ratio = (double) p95 / reference;
            if (ratio > SLOW) {
                pauseMs = (int) Math.min(PAUSE_MAX_MS, Math.round(pauseMs * 1.5) + 1);
            } else if (ratio < RECOVERED) {
                pauseMs = (int) Math.max(pauseFloorMs, Math.round(pauseMs * 0.8));
            }
            why.append("; probe p95 ").append(ms(p95)).append(" vs ").append(ms(reference)).append(" resting");
        }
        why.append("; pause ").append(pauseMs).append(" ms");
        return new PaceDecision(PaceMode.YIELDING, yieldTargetMs, pauseMs, why.toString());
    }

    private static String sessions(ThrottleSignals s) {
        String busy = s.busySessions() == 1 ? "1 other session busy" : s.busySessions() + " other sessions busy";
        if (s.hiddenSessions() == 0) {
            return busy;
        }
        return busy + ", " + s.hiddenSessions() + " whose activity this role cannot see (grant it pg_read_all_stats)";
    }

    private static void remember(Deque<Long> window, long value, int size) {
        window.addLast(value);
        if (window.size() > size) {
            window.removeFirst();
        }
    }

    private static long percentile(Deque<Long> window, double q) {
        long[] sorted = window.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    private static String ms(long micros) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
