package io.pgshift.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import org.junit.jupiter.api.Test;

class StepExecutorTest {
    private static Statement st(String sql, TxMode tx) {
        return new Statement(sql, "t", LockMode.SHARE_UPDATE_EXCLUSIVE, TableImpact.SCAN, tx,
                Statement.TimeoutClass.SCAN, null);
    }

    @Test
    void recognisesConcurrentBuildsThatMayLeaveAnInvalidIndex() {
        assertTrue(StepExecutor.isConcurrentBuild(st("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", TxMode.NO_TRANSACTION)));
        assertTrue(StepExecutor.isConcurrentBuild(st("  create unique index\nconcurrently i on t (a)", TxMode.NO_TRANSACTION)));
    }

    @Test
    void otherStatementsAreRetriedAlone() {
        assertFalse(StepExecutor.isConcurrentBuild(st("DROP INDEX CONCURRENTLY IF EXISTS i", TxMode.NO_TRANSACTION)));
        assertFalse(StepExecutor.isConcurrentBuild(st("CREATE INDEX i ON t (a)", TxMode.TRANSACTION)));
        assertFalse(StepExecutor.isConcurrentBuild(st("ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX i", TxMode.TRANSACTION)));
    }
}
