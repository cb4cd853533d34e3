package io.pgshift.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditLog;
import io.pgshift.audit.AuditRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {
    @Test
    void scrapeShowsPgshiftMetricsInTheTextFormat() {
        PrometheusEndpoint endpoint = new PrometheusEndpoint();
        PgshiftMetrics metrics = new PgshiftMetrics(endpoint.registry(), "prod").monitor(new AuditLog(Clock.systemUTC()));
        new RunStateGauges(endpoint.registry(), "prod");
        new ThrottleGauges(endpoint.registry(), "prod");
        metrics.appended(new AuditRecord(1, Instant.EPOCH, "n", AuditAction.STATEMENT_RETRIED, 1L,
                Map.of("sqlstate", "55P03", "lock", "ACCESS EXCLUSIVE", "step", "contract[0]"), null, "h"));
        metrics.appended(new AuditRecord(2, Instant.EPOCH, "n", AuditAction.STATEMENT_EXECUTED, 1L,
                Map.of("duration_ms", 7, "lock", "ACCESS EXCLUSIVE", "step", "contract[0]", "phase", "contract"), null, "h"));

        String text = endpoint.scrape();

        assertContains(text, "pgshift_lock_timeout_retries_total{lock=\"ACCESS EXCLUSIVE\",target=\"prod\"} 1.0");
        assertContains(text, "pgshift_statement_duration_seconds_count{lock=\"ACCESS EXCLUSIVE\",phase=\"contract\",target=\"prod\"} 1");
        assertContains(text, "pgshift_runs{state=\"BACKFILLING\",target=\"prod\"} 0.0");
        assertContains(text, "pgshift_backfill_partitions_throttled{reason=\"replication_lag\",target=\"prod\"} 0.0");
        assertContains(text, "pgshift_backfill_throttle_pauses_total{reason=\"lock_waiters\",target=\"prod\"} 0.0");
        assertContains(text, "pgshift_audit_observer_failures_total{target=\"prod\"} 0.0");
        assertContains(text, "# TYPE pgshift_runs gauge");
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "missing <" + expected + "> in:\n" + text);
    }
}
