package io.pgshift.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out a sync trigger's {@link Reliance} from its fill sequences and stored samples. {@link
 * #read} only reads (status, the API, the dashboard, metrics); {@link #sample} also records the
 * reading as evidence (the driver, the daemon's cleanup job, complete and cleanup).
 *
 * <p>How long a trigger has been quiet is measured on the target's clock, which stamps the fills;
 * the window of recent fills on the state database's, which stamps the samples.
 */
public final class RelianceReader {
    /** The window of "rows filled in the last ...". */
    public static final Duration RECENT = Duration.ofMinutes(5);

    private final SyncTriggerStore store;

    public RelianceReader(SyncTriggerStore store) {
        this.store = store;
    }

    /**
     * The reliance as of now, reading the fill sequences in {@code target} (null: from the stored
     * sample only, e.g. a separate state database without the target at hand). Writes nothing.
     */
    public Reliance read(Connection state, Connection target, SyncTrigger trigger) throws SQLException {
        Optional<FillCounter.Fills> live = target == null || trigger.state() == SyncTriggerState.DROPPED
                ? Optional.empty() : trigger.counter().read(target);
        SyncTrigger.Evidence stored = trigger.evidence();
        long filled = live.map(FillCounter.Fills::count).orElse(stored.filled());
        Instant lastFill = live.isPresent() ? live.get().lastFillAt() : stored.lastFillAt();
        Instant stateNow = now(state);
        // the clock keeps whole seconds: the last fill may have been up to a second later
        Instant quietSince = lastFill == null ? trigger.installedAt() : lastFill.plusSeconds(1);
        Instant now = live.map(FillCounter.Fills::readAt).orElse(stateNow);
        Duration quietFor = trigger.state() == SyncTriggerState.DROPPED ? Duration.ZERO : Duration.between(quietSince, now);
        Instant horizon = stateNow.minus(RECENT);
        Optional<SyncTriggerStore.Sample> baseline = store.sampleAtOrBefore(state, trigger.id(), horizon);
        long before = baseline.map(SyncTriggerStore.Sample::filled).orElse(0L);
        Instant from = baseline.map(SyncTriggerStore.Sample::at).filter(at -> at.isAfter(horizon)).orElse(horizon);
        return new Reliance(trigger, filled, Math.max(0, filled - before), Duration.between(from, stateNow).withNanos(0),
                lastFill, quietFor.isNegative() ? Duration.ZERO : quietFor, live.isPresent());
    }

    /** Every trigger of run {@code runId}, dropped ones included, with its reliance as of now; writes nothing. */
    public List<Reliance> ofRun(Connection state, Connection target, long runId) throws SQLException {
        List<Reliance> out = new ArrayList<>();
        for (SyncTrigger t : store.ofRun(state, runId)) {
            out.add(read(state, target, t));
        }
        return out;
    }

    /**
     * Samples each trigger of run {@code runId} not dropped yet ({@link #sample}): the evidence
     * complete and cleanup decide on.
     */
    public List<Reliance> sampleLive(Connection state, Connection target, long runId) throws SQLException {
        List<Reliance> out = new ArrayList<>();
        for (SyncTrigger t : store.ofRun(state, runId)) {
            if (t.state() != SyncTriggerState.DROPPED) {
                out.add(sample(state, target, t));
            }
        }
        return out;
    }

    /** Reads the fill sequences, records the reading as evidence, and returns the reliance it shows. */
    public Reliance sample(Connection state, Connection target, SyncTrigger trigger) throws SQLException {
        Optional<FillCounter.Fills> live = trigger.counter().read(target);
        SyncTrigger current = live.isPresent() ? store.record(state, trigger.id(), live.get()) : trigger;
        return read(state, target, current);
    }

    private static Instant now(Connection state) throws SQLException {
        try (PreparedStatement ps = state.prepareStatement("SELECT clock_timestamp()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
