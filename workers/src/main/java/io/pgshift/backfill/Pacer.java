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
 * after each of them that grows while the probe, the round trip of its signal reading, takes
 * more than twice its idle time, and shrinks back once it does not.
 *
 * <p>The idle time is the median probe taken while no other session was busy; until one has
 * been taken there is no ratio and the pause stays at its floor. One instance per partition
 * loop; not thread-safe.
 */
public final class Pacer {
    /** Batch length at full speed: long enough that a batch's fixed costs (lock, checkpoint, commit) are a few percent. */
    public static final int FULL_SPEED_TARGET_MS = 200;
    /** Batch length while yielding; see docs/BENCHMARKS.md, "Pacing". */
    static final int YIELD_TARGET_MS = 2;
    /** The pause after each batch while yielding, in multiples of the batch target: at least the floor. */
    static final int PAUSE_FLOOR_FACTOR = 8;
    static final int PAUSE_MAX_MS = 1_000;
    private static final double SLOW = 2.0;
    private static final double RECOVERED = 1.5;
    private static final int WINDOW = 10;
    private static final int IDLE_WINDOW = 15;

    private final Deque<Long> recent = new ArrayDeque<>();
    private final Deque<Long> idle = new ArrayDeque<>();
    private final int yieldTargetMs;
    private final int pauseFloorMs;
    private int pauseMs;

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
        remember(recent, probeMicros, WINDOW);
        int others = signals.busySessions() + signals.hiddenSessions();
        if (others == 0) {
            remember(idle, probeMicros, IDLE_WINDOW);
            pauseMs = pauseFloorMs;
            return new PaceDecision(PaceMode.FULL_SPEED, FULL_SPEED_TARGET_MS, 0, "full speed: no other session busy");
        }
        long p95 = percentile(recent, 0.95);
        StringBuilder why = new StringBuilder("yielding: ").append(sessions(signals));
        if (idle.isEmpty()) {
            pauseMs = pauseFloorMs;
            why.append("; probe p95 ").append(ms(p95)).append(" (no idle reading yet)");
        } else {
            long idleMedian = percentile(idle, 0.5);
            double ratio = (double) p95 / idleMedian;
            if (ratio > SLOW) {
                pauseMs = (int) Math.min(PAUSE_MAX_MS, Math.round(pauseMs * 1.5) + 1);
            } else if (ratio < RECOVERED) {
                pauseMs = (int) Math.max(pauseFloorMs, Math.round(pauseMs * 0.8));
            }
            why.append("; probe p95 ").append(ms(p95)).append(" vs ").append(ms(idleMedian)).append(" idle");
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
