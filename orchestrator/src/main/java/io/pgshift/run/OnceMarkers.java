package io.pgshift.run;

import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Rerun;
import io.pgshift.plan.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the statements a plan runs {@link Rerun#ONCE_PER_RUN} to their run step. Plans are made
 * before their run exists (and made again each time a run is loaded), so the run id comes in only
 * here, just before the step runs. Each such statement gets a marker, a row of the target's
 * {@code pgshift.applied_statement} inserted right after it in the same transaction, and a guard
 * that skips it once that row is there: a step run again after a crash, or a statement retried
 * after its connection was lost with the commit's acknowledgement, never executes it twice.
 *
 * <p>The key is the run, not the playbook: a new run of the same playbook (after a rollback, which
 * never undoes raw SQL, or a cancel) executes it again, as it does every other step. A run is known
 * in the target by its id and the instant it was created: ids restart in every state database, and
 * a target may have had several (its own, then a separate one), whose run 1 must not find the
 * other's markers.
 */
public final class OnceMarkers {
    private OnceMarkers() {
    }

    /** {@code step} with its once-per-run statements bound to its run; other steps as they are. */
    public static PlannedStep bind(PlannedStep step, long runId, Instant runCreatedAt) {
        if (step.statements().stream().noneMatch(st -> st.rerun() == Rerun.ONCE_PER_RUN)) {
            return step;
        }
        List<Statement> bound = new ArrayList<>();
        for (int i = 0; i < step.statements().size(); i++) {
            Statement st = step.statements().get(i);
            int statementNo = i + 1;
            bound.add(st.rerun() != Rerun.ONCE_PER_RUN ? st
                    : st.once(guard(st.guard(), runId, runCreatedAt, step.ordinal(), statementNo),
                            marker(runId, runCreatedAt, step.ordinal(), statementNo, st.sql())));
        }
        return new PlannedStep(step.ordinal(), step.phase(), step.kind(), step.path(), step.summary(), bound,
                step.present(), step.backfill(), step.undo());
    }

    /** True once the statement's marker is there (or its own guard, if it has one, says its effect is). */
    static String guard(String own, long runId, Instant runCreatedAt, int ordinal, int statementNo) {
        String marked = "SELECT EXISTS (SELECT 1 FROM pgshift.applied_statement WHERE run_id = " + runId
                + " AND run_created_at = " + timestamp(runCreatedAt) + " AND step_ordinal = " + ordinal
                + " AND statement_no = " + statementNo + ")";
        return own == null ? marked : "SELECT (" + own + ") OR (" + marked + ")";
    }

    /**
     * The marker row, with the statement's SHA-256 so the row says what it recorded. No ON CONFLICT:
     * a second driver's copy of the statement must fail on the key and roll back with it.
     */
    static String marker(long runId, Instant runCreatedAt, int ordinal, int statementNo, String sql) {
        return "INSERT INTO pgshift.applied_statement (run_id, run_created_at, step_ordinal, statement_no, sql_sha256)"
                + " VALUES (" + runId + ", " + timestamp(runCreatedAt) + ", " + ordinal + ", " + statementNo + ", '"
                + StepStore.sha256(sql) + "')";
    }

    /** Exact to the microsecond, as the state database stored it (ISO-8601 in UTC). */
    private static String timestamp(Instant at) {
        return "'" + at + "'::timestamptz";
    }
}
