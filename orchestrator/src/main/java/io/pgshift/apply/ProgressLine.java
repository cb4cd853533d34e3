package io.pgshift.apply;

import io.pgshift.plan.DurationText;
import java.util.Locale;

/**
 * Renders one progress line: {@code BACKFILLING [#########-----------]  45% 450,000/1,000,000 rows
 * 12,300 rows/s ETA 44s}, or for an index build {@code EXPANDING [#####---]  45% building index:
 * scanning table 45% (1,234 of 2,741 blocks)  create index ...}. On a terminal it is redrawn in
 * place; otherwise printed as a log line.
 */
public final class ProgressLine {
    private static final int WIDTH = 24;

    private ProgressLine() {
    }

    public static String render(ProgressSnapshot s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-12s", s.state()));
        IndexBuild build = s.indexBuild();
        if (s.rowsEstimated() > 0) {
            double ratio = Math.min(1.0, (double) s.rowsDone() / s.rowsEstimated());
            bar(out, ratio).append(String.format(Locale.ROOT, "%3d%% %,d/%,d rows", Math.round(ratio * 100), s.rowsDone(),
                    s.rowsEstimated()));
        } else if (build != null && !build.waiting()) {
            build.fraction().ifPresent(ratio -> bar(out, ratio));
            out.append(build.fraction().isPresent() ? "" : " ").append(build.describe());
        } else if (s.rowsDone() > 0) {
            out.append(String.format(Locale.ROOT, " %,d rows", s.rowsDone()));
        }
        if (s.rowsPerSecond() > 0) {
            out.append(String.format(Locale.ROOT, "  %,.0f rows/s", s.rowsPerSecond()));
        }
        if (s.eta() != null && s.rowsPerSecond() > 0) {
            // Whole seconds: a sub-second ETA on a progress line is noise.
            out.append("  ETA ").append(DurationText.format(java.time.Duration.ofSeconds(Math.max(1, Math.round(s.eta().toMillis() / 1000.0)))));
        }
        if (s.step() != null && !s.step().isEmpty()) {
            out.append("  ").append(s.step());
        }
        if (s.waitingReason() != null && !s.waitingReason().isEmpty()) {
            out.append("  (waiting: ").append(s.waitingReason()).append(')');
        } else if (build != null && build.waiting()) {
            out.append("  (index build ").append(build.describe()).append(')');
        }
        return out.toString();
    }

    private static StringBuilder bar(StringBuilder out, double ratio) {
        int filled = (int) Math.round(ratio * WIDTH);
        return out.append(" [").append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
    }
}
