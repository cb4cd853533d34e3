package io.pgshift.apply;

import io.pgshift.plan.DurationText;
import io.pgshift.run.RunRecord;
import io.pgshift.run.StepRecord;
import io.pgshift.sync.SyncTriggerState;
import io.pgshift.sync.SyncTriggerView;
import java.util.List;
import java.util.Locale;

/**
 * The end-of-run report: every step with its state, duration, retries and rows; the sync
 * triggers left in place and why; row counts; the error.
 */
public final class RunReport {
    private RunReport() {
    }

    public static String render(RunRecord run, List<StepRecord> steps) {
        return render(run, steps, List.of());
    }

    /** With the run's sync triggers: which stay in place after contract, and why. */
    public static String render(RunRecord run, List<StepRecord> steps, List<SyncTriggerView> syncTriggers) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Run %d: playbook %s (checksum %s) %s%n", run.id(), run.playbookName(),
                run.shortChecksum(), run.state()));
        out.append(String.format(Locale.ROOT, "  %-4s %-9s %-11s %10s %7s %12s  %-22s  %s%n", "#", "phase", "state",
                "duration", "retries", "rows", "lock", "step"));
        for (StepRecord s : steps) {
            out.append(String.format(Locale.ROOT, "  %-4d %-9s %-11s %10s %7d %12s  %-22s  %s%n", s.ordinal(),
                    s.phase().yamlName(), s.state(), duration(s.executionTimeMs()), Math.max(0, s.attempts() - 1),
                    s.rows() == null ? "" : String.format(Locale.ROOT, "%,d", s.rows()),
                    s.lock() == null ? "" : s.lock().mode().sqlName(), s.summary()));
            if (s.error() != null) {
                out.append("       error: ").append(s.error()).append('\n');
            }
        }
        for (SyncTriggerView t : syncTriggers) {
            out.append(syncTrigger(run, t));
        }
        if (run.rowCounts() != null) {
            out.append("  row counts: ").append(run.rowCounts()).append('\n');
        }
        if (run.error() != null) {
            out.append("  error: ").append(run.error()).append('\n');
        }
        return out.toString();
    }

    /**
     * {@code sync trigger X on T RETAINED: 312 rows filled by the trigger in the last 5m: writers
     * still omit T.c}, and what to do next.
     */
    private static String syncTrigger(RunRecord run, SyncTriggerView t) {
        StringBuilder out = new StringBuilder("  sync trigger ").append(t.name()).append(" on ").append(t.table())
                .append(' ').append(t.state());
        if (t.state() == SyncTriggerState.DROPPED) {
            return out.append(" at ").append(t.droppedAt()).append(" by ").append(t.droppedBy()).append('\n').toString();
        }
        out.append(": ").append(t.summary()).append('\n');
        if (t.state() == SyncTriggerState.RETAINED || run.state().isTerminal()) {
            out.append("       ").append(t.reliedOn()
                    ? "kept; pgshift cleanup " + run.id() + " drops it once it has been quiet for "
                    + DurationText.format(t.quietPeriod()) + " (a daemon does so by itself)"
                    : "pgshift cleanup " + run.id() + " drops it now").append('\n');
        }
        return out.toString();
    }

    private static String duration(Long ms) {
        if (ms == null) {
            return "";
        }
        return ms < 10_000 ? ms + "ms" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
