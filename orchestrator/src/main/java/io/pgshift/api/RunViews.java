package io.pgshift.api;

import io.pgshift.apply.IndexBuild;
import io.pgshift.apply.ProgressReader;
import io.pgshift.apply.ProgressSnapshot;
import io.pgshift.backfill.BackfillProgress;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.PartitionProgress;
import io.pgshift.run.RunRecord;
import io.pgshift.run.StepLock;
import io.pgshift.run.StepRecord;
import io.pgshift.run.StepStore;
import io.pgshift.run.Waiting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of runs, steps, backfills and progress (docs/API.md documents each field); the
 * CLI's {@code --output json} prints the same shapes.
 */
public final class RunViews {
    private RunViews() {
    }

    public static Map<String, Object> run(String target, RunRecord run, ProgressSnapshot progress) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("id", run.id());
        m.put("playbook", run.playbookName());
        m.put("description", run.description());
        m.put("checksum", run.checksum());
        m.put("state", run.state().name());
        m.put("phase", run.phase() == null ? null : run.phase().name());
        m.put("submitted_by", run.submittedBy());
        m.put("approved_by", run.approvedBy());
        m.put("created_at", ApiJson.time(run.createdAt()));
        m.put("started_at", ApiJson.time(run.startedAt()));
        m.put("updated_at", ApiJson.time(run.updatedAt()));
        m.put("finished_at", ApiJson.time(run.finishedAt()));
        m.put("error", run.error());
        m.put("waiting", run.waiting() == null ? null : waiting(run.waiting()));
        // as stored: default settings as the target wrote them, allowed windows; null for none
        m.put("policy", ApiJson.tree(run.policy().toJson()));
        m.put("progress", progress == null ? null : progress(progress));
        return m;
    }

    private static Map<String, Object> waiting(Waiting w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", w.reason());
        m.put("until", ApiJson.time(w.until()));
        return m;
    }

    static Map<String, Object> run(Connection c, StepStore steps, String target, RunRecord run) throws SQLException {
        return run(target, run, new ProgressReader(steps).read(c, run));
    }

    static Map<String, Object> progress(ProgressSnapshot p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", p.step().isEmpty() ? null : p.step());
        m.put("rows_done", p.rowsDone());
        m.put("rows_estimated", p.rowsEstimated());
        m.put("rows_per_second", Math.round(p.rowsPerSecond() * 10) / 10.0);
        m.put("eta_seconds", p.eta() == null ? null : p.eta().toSeconds());
        m.put("waiting_reason", p.waitingReason());
        m.put("index_build", p.indexBuild() == null ? null : indexBuild(p.indexBuild()));
        return m;
    }

    /** A running step's concurrent index build, read from pg_stat_progress_create_index. */
    private static Map<String, Object> indexBuild(IndexBuild b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", b.index());
        m.put("phase", b.phase());
        m.put("percent", b.fraction().isPresent() ? Math.round(b.fraction().getAsDouble() * 1000) / 10.0 : null);
        m.put("blocks_done", b.blocksDone());
        m.put("blocks_total", b.blocksTotal());
        m.put("tuples_done", b.tuplesDone());
        m.put("tuples_total", b.tuplesTotal());
        m.put("lockers_done", b.lockersDone());
        m.put("lockers_total", b.lockersTotal());
        IndexBuild.Locker l = b.currentLocker();
        Map<String, Object> locker = null;
        if (l != null) {
            locker = new LinkedHashMap<>();
            locker.put("pid", l.pid());
            locker.put("application", l.application());
            locker.put("state", l.state());
            locker.put("transaction_seconds", l.transactionAge() == null ? null : l.transactionAge().toSeconds());
        }
        m.put("waiting_for", locker);
        m.put("hidden", b.hidden());
        m.put("summary", b.describe());
        return m;
    }

    public static Map<String, Object> step(StepRecord s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ordinal", s.ordinal());
        m.put("phase", s.phase().name().toLowerCase(Locale.ROOT));
        m.put("kind", s.kind().name());
        m.put("path", s.path());
        m.put("summary", s.summary());
        m.put("sql", s.sqlText());
        m.put("state", s.state().name());
        m.put("attempts", s.attempts());
        m.put("duration_ms", s.executionTimeMs());
        m.put("rows", s.rows());
        m.put("started_at", ApiJson.time(s.startedAt()));
        m.put("finished_at", ApiJson.time(s.finishedAt()));
        m.put("error", s.error());
        m.put("lock", s.lock() == null ? null : lock(s.lock()));
        return m;
    }

    /** {@code {"mode": "ACCESS EXCLUSIVE", "table": "public.users", "blocks": "everything, reads included"}}. */
    private static Map<String, Object> lock(StepLock lock) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", lock.mode().sqlName());
        m.put("table", lock.table());
        m.put("blocks", lock.mode().blocks());
        return m;
    }

    /** Every backfill the run started (a gate that found leftovers starts another), oldest first. */
    public static List<Map<String, Object>> backfills(Connection c, long runId) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM pgshift.backfill WHERE run_id = ? ORDER BY id")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(backfill(BackfillProgress.read(c, rs.getLong(1))));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> backfill(BackfillStatus b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.backfillId());
        m.put("name", b.name());
        m.put("state", b.state().name());
        m.put("rows_estimated", b.estimatedRows());
        m.put("rows_scanned", b.rowsScanned());
        m.put("rows_written", b.rowsWritten());
        m.put("rows_per_second", Math.round(b.rowsPerSecond() * 10) / 10.0);
        m.put("eta_seconds", b.eta().map(java.time.Duration::toSeconds).orElse(null));
        m.put("partitions", b.partitions().stream().map(RunViews::partition).toList());
        return m;
    }

    private static Map<String, Object> partition(PartitionProgress p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partition", p.partitionNo());
        m.put("state", p.state().name());
        m.put("node", p.node());
        m.put("rows_scanned", p.rowsScanned());
        m.put("rows_written", p.rowsWritten());
        m.put("batches", p.batches());
        m.put("batch_size", p.batchSize());
        m.put("retries", p.retries());
        m.put("paused_reason", p.pausedReason());
        m.put("pace", p.pace() == null ? null : p.pace().name());
        m.put("pace_reason", p.paceReason());
        m.put("last_error", p.lastError());
        return m;
    }
}
