package io.pgshift.sync;

import io.pgshift.playbook.TableRef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Persists sync triggers and their counter samples in {@code pgshift.sync_trigger} and
 * {@code pgshift.sync_trigger_sample} (the state database). Times are the database's clock.
 */
public final class SyncTriggerStore {
    /** Samples closer together than this add nothing to "rows filled in the last minutes". */
    private static final Duration SAMPLE_SPACING = Duration.ofSeconds(5);
    /** Samples older than this are pruned (the newest of a trigger is always kept). */
    private static final Duration SAMPLE_RETENTION = Duration.ofHours(2);
    private static final String COLUMNS = "id, run_id, step_ordinal, kind, table_schema, table_name, trigger_name, columns,"
            + " counter_schema, counter_name, clock_name, drops_column, after_cleanup, state, quiet_period_ms, installed_at, retained_at, dropped_at,"
            + " dropped_by, filled, last_fill_at, sampled_at";

    /** One reading of a trigger's counter. */
    public record Sample(Instant at, long filled) {
    }

    /** What a run's install step put in place; {@code dropsColumn}: an old column cleanup drops with it, or null. */
    public record Installed(long runId, int stepOrdinal, RetainedKind kind, TableRef table, String name,
                            List<String> columns, FillCounter counter, String dropsColumn, String afterCleanup,
                            Duration quietPeriod) {
    }

    /** Records an installed trigger (once: registering it again returns the stored one) with a first sample. */
    public SyncTrigger register(Connection c, Installed t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pgshift.sync_trigger (run_id, step_ordinal,"
                + " table_schema, table_name, trigger_name, columns, counter_schema, counter_name, clock_name,"
                + " drops_column, quiet_period_ms, kind, after_cleanup) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id, step_ordinal) DO NOTHING")) {
            ps.setLong(1, t.runId());
            ps.setInt(2, t.stepOrdinal());
            ps.setString(3, t.table().schema());
            ps.setString(4, t.table().name());
            ps.setString(5, t.name());
            ps.setArray(6, c.createArrayOf("text", t.columns().toArray()));
            ps.setString(7, t.counter().schema());
            ps.setString(8, t.counter().name());
            ps.setString(9, t.counter().clock());
            ps.setString(10, t.dropsColumn());
            ps.setLong(11, t.quietPeriod().toMillis());
            ps.setString(12, t.kind().name());
            ps.setString(13, t.afterCleanup());
            ps.executeUpdate();
        }
        SyncTrigger stored = ofRun(c, t.runId()).stream().filter(s -> s.stepOrdinal() == t.stepOrdinal())
                .findFirst().orElseThrow();
        addSample(c, stored.id(), stored.evidence().filled());
        return stored;
    }

    public List<SyncTrigger> ofRun(Connection c, long runId) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM pgshift.sync_trigger WHERE run_id = ? ORDER BY step_ordinal", runId);
    }

    /** Every trigger not dropped yet, of every run, oldest first. */
    public List<SyncTrigger> live(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM pgshift.sync_trigger WHERE state <> 'DROPPED' ORDER BY id", null);
    }

    public Optional<SyncTrigger> find(Connection c, long id) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM pgshift.sync_trigger WHERE id = ?", id).stream().findFirst();
    }

    /** ACTIVE → RETAINED once its run's contract is done; a no-op otherwise. */
    public void retain(Connection c, long id) throws SQLException {
        update(c, "UPDATE pgshift.sync_trigger SET state = 'RETAINED', retained_at = clock_timestamp()"
                + " WHERE id = ? AND state = 'ACTIVE'", id, null);
    }

    /** Records the trigger as removed by {@code actor}; a no-op when it already is. */
    public void dropped(Connection c, long id, String actor) throws SQLException {
        update(c, "UPDATE pgshift.sync_trigger SET state = 'DROPPED', dropped_at = clock_timestamp(), dropped_by = ?"
                + " WHERE id = ? AND state <> 'DROPPED'", id, actor);
    }

    /** Records a reading of the fill sequences; adds a sample unless a recent one exists, and prunes old ones. */
    public SyncTrigger record(Connection c, long id, FillCounter.Fills fills) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pgshift.sync_trigger SET filled = ?,"
                + " last_fill_at = ?, sampled_at = clock_timestamp() WHERE id = ?")) {
            ps.setLong(1, fills.count());
            ps.setObject(2, fills.lastFillAt() == null ? null
                    : OffsetDateTime.ofInstant(fills.lastFillAt(), java.time.ZoneOffset.UTC));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        addSample(c, id, fills.count());
        return find(c, id).orElseThrow();
    }

    /**
     * The newest sample taken at or before {@code at}; when there is none (the trigger is younger,
     * or was not sampled then), the oldest sample after it.
     */
    public Optional<Sample> sampleAtOrBefore(Connection c, long id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("(SELECT at, filled, 0 AS rank FROM pgshift.sync_trigger_sample"
                + " WHERE trigger_id = ? AND at <= ? ORDER BY at DESC LIMIT 1) UNION ALL"
                + " (SELECT at, filled, 1 FROM pgshift.sync_trigger_sample WHERE trigger_id = ? AND at > ?"
                + " ORDER BY at LIMIT 1) ORDER BY rank LIMIT 1")) {
            OffsetDateTime when = OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
            ps.setLong(1, id);
            ps.setObject(2, when);
            ps.setLong(3, id);
            ps.setObject(4, when);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Sample(instant(rs, "at"), rs.getLong("filled"))) : Optional.empty();
            }
        }
    }

    private static void addSample(Connection c, long id, long filled) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pgshift.sync_trigger_sample (trigger_id, at, filled)"
                + " SELECT ?, clock_timestamp(), ? WHERE NOT EXISTS (SELECT 1 FROM pgshift.sync_trigger_sample"
                + " WHERE trigger_id = ? AND at > clock_timestamp() - ? * interval '1 millisecond')"
                + " ON CONFLICT DO NOTHING")) {
            ps.setLong(1, id);
            ps.setLong(2, filled);
            ps.setLong(3, id);
            ps.setLong(4, SAMPLE_SPACING.toMillis());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM pgshift.sync_trigger_sample WHERE trigger_id = ?"
                + " AND at < clock_timestamp() - ? * interval '1 millisecond'"
                + " AND at < (SELECT max(at) FROM pgshift.sync_trigger_sample WHERE trigger_id = ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, SAMPLE_RETENTION.toMillis());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, long id, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (actor != null) {
                ps.setString(i++, actor);
            }
            ps.setLong(i, id);
            ps.executeUpdate();
        }
    }

    private static List<SyncTrigger> query(Connection c, String sql, Long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setLong(1, id);
            }
            List<SyncTrigger> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    private static SyncTrigger row(ResultSet rs) throws SQLException {
        Array columns = rs.getArray("columns");
        return new SyncTrigger(rs.getLong("id"), rs.getLong("run_id"), rs.getInt("step_ordinal"),
                RetainedKind.valueOf(rs.getString("kind")),
                new TableRef(rs.getString("table_schema"), rs.getString("table_name")), rs.getString("trigger_name"),
                Arrays.asList((String[]) columns.getArray()),
                new FillCounter(rs.getString("counter_schema"), rs.getString("counter_name"), rs.getString("clock_name")),
                rs.getString("drops_column"), rs.getString("after_cleanup"),
                SyncTriggerState.valueOf(rs.getString("state")), Duration.ofMillis(rs.getLong("quiet_period_ms")),
                instant(rs, "installed_at"), instant(rs, "retained_at"), instant(rs, "dropped_at"),
                rs.getString("dropped_by"), new SyncTrigger.Evidence(rs.getLong("filled"), instant(rs, "last_fill_at"),
                instant(rs, "sampled_at")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
