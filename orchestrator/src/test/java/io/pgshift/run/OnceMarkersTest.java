package io.pgshift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Rerun;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnceMarkersTest {
    private static final String UPDATE = "UPDATE counters SET n = n + 1 WHERE id = 1";
    private static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456Z");

    private static Statement once(String sql, String guard) {
        return new Statement(sql, "counters", LockMode.ROW_EXCLUSIVE, TableImpact.ROWS, TxMode.TRANSACTION,
                Statement.TimeoutClass.SHORT, guard, Rerun.ONCE_PER_RUN, null);
    }

    private static PlannedStep step(int ordinal, Statement... statements) {
        return new PlannedStep(ordinal, Phase.EXPAND, StepKind.RAW_SQL, "expand[2].sql", "sql: ...", List.of(statements),
                false, null);
    }

    @Test
    void bindsTheStatementToAMarkerOfItsRunStepCommittedWithIt() {
        Statement bound = OnceMarkers.bind(step(3, once(UPDATE, null)), 42, CREATED).statements().get(0);

        assertEquals(UPDATE, bound.sql());
        assertEquals("SELECT EXISTS (SELECT 1 FROM pgshift.applied_statement WHERE run_id = 42"
                + " AND run_created_at = '2026-03-01T10:15:30.123456Z'::timestamptz AND step_ordinal = 3"
                + " AND statement_no = 1)", bound.guard());
        assertEquals("INSERT INTO pgshift.applied_statement (run_id, run_created_at, step_ordinal, statement_no,"
                + " sql_sha256) VALUES (42, '2026-03-01T10:15:30.123456Z'::timestamptz, 3, 1, '"
                + StepStore.sha256(UPDATE) + "')", bound.marker());
        assertFalse(bound.unbound());
    }

    @Test
    void keepsAGuardOfItsOwnAndNumbersStatementsWithinTheStep() {
        Statement plain = new Statement("CREATE TABLE IF NOT EXISTS t (id int)", "t", LockMode.ACCESS_EXCLUSIVE,
                TableImpact.METADATA, TxMode.TRANSACTION, Statement.TimeoutClass.SHORT, null);
        PlannedStep bound = OnceMarkers.bind(step(5, plain, once(UPDATE, "SELECT false")), 7, CREATED);

        assertSame(plain, bound.statements().get(0), "a statement that is not run once per run is left as it is");
        assertEquals("SELECT (SELECT false) OR (SELECT EXISTS (SELECT 1 FROM pgshift.applied_statement"
                + " WHERE run_id = 7 AND run_created_at = '2026-03-01T10:15:30.123456Z'::timestamptz AND step_ordinal = 5"
                + " AND statement_no = 2))", bound.statements().get(1).guard());
    }

    @Test
    void leavesStepsWithoutSuchStatementsAlone() {
        PlannedStep step = step(1, new Statement("SELECT 1", null, LockMode.NONE, TableImpact.METADATA,
                TxMode.TRANSACTION, Statement.TimeoutClass.SHORT, null));
        assertSame(step, OnceMarkers.bind(step, 9, CREATED));
    }

    @Test
    void aStatementOutsideATransactionCannotRunOncePerRun() {
        assertThrows(IllegalArgumentException.class, () -> new Statement("VACUUM counters", "counters",
                LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN, TxMode.NO_TRANSACTION, Statement.TimeoutClass.SCAN,
                null, Rerun.ONCE_PER_RUN, null), "nothing could commit its marker with it");
    }
}
