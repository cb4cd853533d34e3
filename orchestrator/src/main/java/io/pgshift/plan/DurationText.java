package io.pgshift.plan;

import java.time.Duration;

/** Durations as plans and messages show them, as playbooks write them: {@code 500ms}, {@code 30s}, {@code 6h}, {@code 1h20m}. */
public final class DurationText {
    private DurationText() {
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms < 1000 || ms % 1000 != 0 && ms < 60_000) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long rest = s % 60;
        StringBuilder sb = new StringBuilder();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (rest > 0 && h == 0) {
            sb.append(rest).append('s');
        }
        return sb.toString();
    }

    /** PostgreSQL setting value: {@code '500ms'}; zero means "no limit" to PostgreSQL as well. */
    public static String setting(Duration d) {
        return "'" + d.toMillis() + "ms'";
    }
}
