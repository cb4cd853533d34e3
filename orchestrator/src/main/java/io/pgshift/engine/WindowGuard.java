package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.backfill.Window;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import io.pgshift.run.Waiting;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a run's work on its target inside the windows it may work in: the target's allowed
 * windows (the policy recorded with the run) before each DDL step, gate pass and row count, and a
 * backfill's own windows while its partitions wait. Outside them the run stays in its state with
 * the reason and the next opening recorded and audited, and the driver stops, to be fired again
 * at the opening instead of holding a worker thread through the night. Work already started
 * (a DDL step, a batch, a gate pass) finishes when a window closes meanwhile.
 */
final class WindowGuard {
    private final RunStore runs;
    private final AuditLog audit;
    private final String actor;
    private final Clock clock;
    private boolean waitingRecorded;

    WindowGuard(RunStore runs, AuditLog audit, String actor, Clock clock, LoadedRun run) {
        this.runs = runs;
        this.audit = audit;
        this.actor = actor;
        this.clock = clock;
        this.waitingRecorded = run.run().waiting() != null;
    }

    /** Returns when the target's allowed windows are open now; otherwise records the wait and halts. */
    void enter(Connection state, LoadedRun run, RunState working) throws SQLException, RunHalted {
        Optional<Window> allowed = run.run().policy().window();
        if (allowed.isEmpty() || allowed.get().isOpen(clock.instant())) {
            working(state, run, working);
            return;
        }
        halt(state, run, working, "outside the target's allowed windows " + allowed.get().describe(), allowed.get());
    }

    /** The run works again: a wait recorded earlier (by this driver or the one before) is cleared. */
    void working(Connection state, LoadedRun run, RunState working) throws SQLException {
        if (waitingRecorded) {
            runs.recordWaiting(state, run.id(), working, null);
            waitingRecorded = false;
        }
    }

    /** Halts when {@code window} (a backfill's) is closed now; returns when it is open. */
    void holdIfClosed(Connection state, LoadedRun run, RunState working, Window window, String what)
            throws SQLException, RunHalted {
        if (!window.isOpen(clock.instant())) {
            halt(state, run, working, what + " outside its window " + window.describe(), window);
        }
    }

    private void halt(Connection state, LoadedRun run, RunState working, String why, Window window)
            throws SQLException, RunHalted {
        Instant opens = window.nextOpening(clock.instant()).orElse(null);
        String reason = why + "; opens " + (opens == null ? "never again: cancel the run or roll it back" : opens);
        runs.recordWaiting(state, run.id(), working, new Waiting(reason, opens));
        waitingRecorded = true;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", working.name());
        details.put("reason", reason);
        details.put("opens_at", opens == null ? null : opens.toString());
        audit.append(state, new AuditEntry(actor, AuditAction.WAITING_FOR_WINDOW, run.id(), details));
        throw RunHalted.waitingUntil(working, opens);
    }
}
