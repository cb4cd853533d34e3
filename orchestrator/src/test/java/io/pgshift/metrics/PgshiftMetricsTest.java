package io.pgshift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditRecord;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PgshiftMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PgshiftMetrics metrics = new PgshiftMetrics(registry, "prod");
    private long ids;

    private AuditRecord record(AuditAction action, Map<String, Object> details) {
        return new AuditRecord(++ids, Instant.EPOCH, "node-1", action, 1L, details, null, "h" + ids);
    }

    private static Map<String, Object> retry(String sqlstate, String lock) {
        return Map.of("step", "contract[0]", "lock", lock, "attempt", 1, "sqlstate", sqlstate, "next_wait_ms", 200);
    }

    @Test
    void countsLockTimeoutRetriesPerTargetAndLock() {
        metrics.appended(record(AuditAction.STATEMENT_RETRIED, retry("55P03", "ACCESS EXCLUSIVE")));
        metrics.appended(record(AuditAction.STATEMENT_RETRIED, retry("55P03", "ACCESS EXCLUSIVE")));
        metrics.appended(record(AuditAction.STATEMENT_RETRIED, retry("55P03", "SHARE UPDATE EXCLUSIVE")));

        assertEquals(2, registry.get(MetricNames.LOCK_TIMEOUT_RETRIES)
                .tags("target", "prod", "lock", "ACCESS EXCLUSIVE").counter().count());
        assertEquals(1, registry.get(MetricNames.LOCK_TIMEOUT_RETRIES)
                .tags("target", "prod", "lock", "SHARE UPDATE EXCLUSIVE").counter().count());
    }

    @Test
    void retriesOfOtherSqlstatesAreNotLockTimeouts() {
        metrics.appended(record(AuditAction.STATEMENT_RETRIED, retry("40P01", "ACCESS EXCLUSIVE")));
        metrics.appended(record(AuditAction.STATEMENT_RETRIED, retry("57P01", "ACCESS EXCLUSIVE")));

        assertNull(registry.find(MetricNames.LOCK_TIMEOUT_RETRIES).counter());
    }

    @Test
    void recordsExecutedStatementDurationsByLockAndPhase() {
        metrics.appended(record(AuditAction.STATEMENT_EXECUTED,
                Map.of("step", "expand[0]", "phase", "expand", "lock", "ACCESS EXCLUSIVE", "attempts", 1, "duration_ms", 12,
                        "total_ms", 12)));
        metrics.appended(record(AuditAction.STATEMENT_EXECUTED,
                Map.of("step", "expand[1]", "phase", "expand", "lock", "ACCESS EXCLUSIVE", "attempts", 2, "duration_ms", 30L,
                        "total_ms", 530)));
        metrics.appended(record(AuditAction.STATEMENT_EXECUTED,
                Map.of("step", "contract[0]:rollback", "phase", "rollback", "lock", "SHARE UPDATE EXCLUSIVE", "duration_ms", 5)));

        Timer expand = registry.get(MetricNames.STATEMENT_DURATION)
                .tags("target", "prod", "lock", "ACCESS EXCLUSIVE", "phase", "expand").timer();
        assertEquals(2, expand.count());
        assertEquals(42, expand.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, registry.get(MetricNames.STATEMENT_DURATION).tags("phase", "rollback").timer().count());
    }

    @Test
    void otherActionsAndMalformedDetailsRegisterNothing() {
        metrics.appended(record(AuditAction.PHASE_DONE, Map.of("phase", "expand")));
        metrics.appended(record(AuditAction.STATEMENT_EXECUTED, Map.of("step", "expand[0]")));
        metrics.appended(record(AuditAction.STATEMENT_RETRIED, Map.of()));

        assertEquals(0, registry.getMeters().size());
    }

    @Test
    void phaseIsTheRecordedPhaseNotTheStepText() {
        assertEquals("contract", PgshiftMetrics.phaseOf(Map.of("step", "contract", "phase", "contract")));
        assertEquals("cleanup", PgshiftMetrics.phaseOf(Map.of("step", "cleanup:pgshift_sync_users", "phase", "cleanup")));
        assertEquals("unknown", PgshiftMetrics.phaseOf(Map.of("step", "expand[0]")));
        assertEquals("unknown", PgshiftMetrics.phaseOf(Map.of("step", "expand[0]", "phase", "rewritten")));
    }

    @Test
    void throttleReasonsAreTaggedFromTheirRecordedKinds() {
        assertEquals(java.util.Set.of("replication_lag", "lock_waiters"),
                ThrottleTags.of(new String[] {"REPLICATION_LAG", "LOCK_WAITERS"}));
        assertEquals(java.util.Set.of("other"), ThrottleTags.of(new String[] {"CPU_TOO_HOT"}));
        assertEquals(java.util.Set.of("other"), ThrottleTags.of(null));
        assertEquals(java.util.List.of("replication_lag", "lock_waiters", "other"), ThrottleTags.all());
    }
}
