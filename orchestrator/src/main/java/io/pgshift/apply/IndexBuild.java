package io.pgshift.apply;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A concurrent index build in progress, as {@code pg_stat_progress_create_index} shows it: its
 * phase, the blocks or tuples of the current scan, and in the waiting phases the transactions
 * it waits for. PostgreSQL shows a build's details only to the role running it and members of
 * {@code pg_read_all_stats}; to anyone else the build is {@link #hidden}, all counts zero.
 *
 * @param index         the index being built, or null (not created yet, or hidden)
 * @param phase         PostgreSQL's own words: {@code building index: scanning table},
 *                      {@code waiting for old snapshots}, ...; null when hidden
 * @param currentLocker the transaction the build waits for now, or null
 */
public record IndexBuild(String index, String phase, long blocksDone, long blocksTotal, long tuplesDone,
                         long tuplesTotal, long lockersDone, long lockersTotal, Locker currentLocker, boolean hidden) {
    /**
     * A session a waiting build waits for.
     *
     * @param transactionAge how long its transaction has been open, or null (unknown: another role's session)
     */
    public record Locker(int pid, String application, String state, Duration transactionAge) {
        /** {@code pid 4242 (psql, idle in transaction, transaction open 12s)}. */
        public String describe() {
            StringBuilder out = new StringBuilder("pid ").append(pid).append(" (")
                    .append(application == null || application.isEmpty() ? "no application name" : application);
            if (state != null) {
                out.append(", ").append(state);
            }
            if (transactionAge != null) {
                out.append(", transaction open ").append(transactionAge.toSeconds()).append('s');
            }
            return out.append(')').toString();
        }
    }

    /** A build PostgreSQL shows this role nothing of but that it exists. */
    public static IndexBuild hiddenBuild() {
        return new IndexBuild(null, null, 0, 0, 0, 0, 0, 0, null, true);
    }

    /** Whether the build waits for other transactions rather than scanning. */
    public boolean waiting() {
        return phase != null && phase.startsWith("waiting");
    }

    /** How far the current scan is, from its blocks or else its tuples; empty while waiting or unknown. */
    public OptionalDouble fraction() {
        if (waiting() || hidden) {
            return OptionalDouble.empty();
        }
        if (blocksTotal > 0) {
            return OptionalDouble.of(Math.min(1.0, (double) blocksDone / blocksTotal));
        }
        return tuplesTotal > 0 ? OptionalDouble.of(Math.min(1.0, (double) tuplesDone / tuplesTotal)) : OptionalDouble.empty();
    }

    /**
     * One line: {@code building index: scanning table 45% (1,234 of 2,741 blocks)}, or {@code waiting
     * for old snapshots (0 of 1 transactions): pid 4242 (psql, idle in transaction, transaction open 12s)}.
     */
    public String describe() {
        if (hidden) {
            return "building an index (its progress is shown only to pgshift's role and members of pg_read_all_stats)";
        }
        StringBuilder out = new StringBuilder(phase);
        OptionalDouble f = fraction();
        if (f.isPresent()) {
            boolean blocks = blocksTotal > 0;
            out.append(String.format(Locale.ROOT, " %d%% (%,d of %,d %s)", Math.round(f.getAsDouble() * 100),
                    blocks ? blocksDone : tuplesDone, blocks ? blocksTotal : tuplesTotal, blocks ? "blocks" : "tuples"));
        } else if (waiting() && lockersTotal > 0) {
            out.append(String.format(Locale.ROOT, " (%,d of %,d transactions)", lockersDone, lockersTotal));
        }
        if (currentLocker != null) {
            out.append(": ").append(currentLocker.describe());
        }
        return out.toString();
    }
}
