package io.pgshift.apply;

import io.pgshift.backfill.BackfillProgress;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.PaceMode;
import io.pgshift.backfill.PartitionProgress;
import io.pgshift.backfill.PartitionState;
import io.pgshift.plan.StepKind;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.StepRecord;
import io.pgshift.run.StepState;
import io.pgshift.run.StepStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads a run's progress from the database, as any node (or the CLI) can. */
public final class ProgressReader {
    private final StepStore steps;
    private final IndexBuildReader indexBuilds = new IndexBuildReader();

    public ProgressReader(StepStore steps) {
        this.steps = steps;
    }

    /** Progress with pgshift's state and the target in one database. */
    public ProgressSnapshot read(Connection c, RunRecord run) throws SQLException {
        return read(c, c, run);
    }

    /**
     * Progress from the state database (run, steps) and the target (backfill partitions, whose
     * checkpoints live with the data); {@code target} null leaves the backfill out.
     */
    public ProgressSnapshot read(Connection c, Connection target, RunRecord run) throws SQLException {
        Optional<StepRecord> running = steps.list(c, run.id()).stream().filter(s -> s.state() == StepState.RUNNING)
                .findFirst();
        String step = running.map(StepRecord::summary).orElse("");
        String phase = run.phase() == null ? "" : run.phase().name().toLowerCase(Locale.ROOT);
        if (run.state() == RunState.BACKFILLING && target != null) {
            Optional<BackfillStatus> status = latestBackfill(target, run.id());
            if (status.isPresent()) {
                BackfillStatus s = status.get();
                return new ProgressSnapshot(run.state().name(), phase, step, s.rowsScanned(), s.estimatedRows(),
                        s.rowsPerSecond(), s.eta().orElse(null),
                        run.waiting() != null ? run.waiting().reason() : waiting(s));
            }
        }
        String why = run.state() == RunState.PAUSED ? "paused" : run.state() == RunState.FAILED ? run.error()
                : run.waiting() != null ? run.waiting().reason() : null;
        IndexBuild build = target == null || running.isEmpty() ? null : indexBuild(target, running.get());
        return new ProgressSnapshot(run.state().name(), phase, step, 0, 0, 0, null, why, build);
    }

    /**
     * The concurrent index build of a running step on a table (create_index, add_unique, an index
     * built by raw SQL), read from the target; null when none runs.
     */
    private IndexBuild indexBuild(Connection target, StepRecord step) throws SQLException {
        if (step.lock() == null || step.lock().table() == null || step.kind() == StepKind.BACKFILL) {
            return null;
        }
        return indexBuilds.read(target, step.lock().table()).orElse(null);
    }

    public static Optional<BackfillStatus> latestBackfill(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM pgshift.backfill WHERE run_id = ? ORDER BY id DESC LIMIT 1")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(BackfillProgress.read(c, rs.getLong(1))) : Optional.empty();
            }
        }
    }

    /**
     * Why partitions are not writing (throttle reasons, closed windows, pauses), or else why the
     * first yielding partition slows down (its pace reason; others' differ only by their numbers).
     */
    private static String waiting(BackfillStatus s) {
        String reasons = s.partitions().stream()
                .filter(p -> p.state() == PartitionState.THROTTLED || p.state() == PartitionState.WAITING_FOR_WINDOW
                        || p.state() == PartitionState.PAUSED)
                .map(ProgressReader::reason).distinct().collect(Collectors.joining("; "));
        if (!reasons.isEmpty()) {
            return reasons;
        }
        return s.partitions().stream()
                .filter(p -> p.state() == PartitionState.RUNNING && p.pace() == PaceMode.YIELDING)
                .map(PartitionProgress::paceReason).findFirst().orElse(null);
    }

    private static String reason(PartitionProgress p) {
        if (p.pausedReason() != null && !p.pausedReason().isBlank()) {
            return p.pausedReason();
        }
        return p.state() == PartitionState.WAITING_FOR_WINDOW ? "outside its window" : p.state().name().toLowerCase(Locale.ROOT);
    }
}
