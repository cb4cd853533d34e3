package io.pgshift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.run.StateSchema;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class RunStateGaugesIT {
    private static final String CHECKSUM = "a".repeat(64);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void migrate(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            StateSchema.migrate(c);
        }
    }

    private static void run(TestDatabase db, String name, String state, String target) {
        boolean terminal = List.of("SUCCEEDED", "CANCELLED", "ROLLED_BACK").contains(state);
        db.execute("INSERT INTO pgshift.run (playbook_name, checksum, playbook_yaml, state, submitted_by, target,"
                + " finished_at) VALUES ('" + name + "', '" + CHECKSUM + "', 'name: x', '" + state + "', 'alice', "
                + (target == null ? "NULL" : "'" + target + "'") + ", " + (terminal ? "now()" : "NULL") + ")");
    }

    private double runs(String target, String state) {
        return registry.get(MetricNames.RUNS).tags("target", target, "state", state).gauge().value();
    }

    @Test
    void gaugesShowRunsPerStateAndTarget(TestDatabase db) {
        db.execute("TRUNCATE pgshift.run CASCADE");
        run(db, "a", "BACKFILLING", null);
        run(db, "b", "BACKFILLING", null);
        run(db, "c", "SUCCEEDED", null);
        run(db, "d", "FAILED", "staging");
        try (StatePoller poller = new StatePoller(db.url(), "prod", List.of(new RunStateGauges(registry, "prod")), registry)) {
            poller.poll();
            assertEquals(2, runs("prod", "BACKFILLING"));
            assertEquals(1, runs("prod", "SUCCEEDED"));
            assertEquals(0, runs("prod", "PAUSED"));
            assertEquals(1, runs("staging", "FAILED"));

            db.execute("UPDATE pgshift.run SET state = 'PAUSED', phase = 'BACKFILLING' WHERE playbook_name = 'a'");
            db.execute("UPDATE pgshift.run SET state = 'CANCELLED', finished_at = now() WHERE playbook_name = 'd'");
            poller.poll();
            assertEquals(1, runs("prod", "BACKFILLING"));
            assertEquals(1, runs("prod", "PAUSED"));
            assertEquals(0, runs("staging", "FAILED"), "a state the target no longer has drops to 0");
            assertEquals(1, runs("staging", "CANCELLED"));
        }
    }

    @Test
    void waitingRunsAreCounted(TestDatabase db) {
        db.execute("TRUNCATE pgshift.run CASCADE");
        run(db, "a", "PENDING", null);
        run(db, "b", "BACKFILLING", null);
        try (StatePoller poller = new StatePoller(db.url(), "prod", List.of(new WaitingRunsGauge(registry, "prod")),
                registry)) {
            poller.poll();
            assertEquals(0, registry.get(MetricNames.WAITING_RUNS).tags("target", "prod").gauge().value());
            db.execute("UPDATE pgshift.run SET waiting_reason = 'outside the target''s allowed windows',"
                    + " waiting_until = now() + interval '1 hour'");
            poller.poll();
            assertEquals(2, registry.get(MetricNames.WAITING_RUNS).tags("target", "prod").gauge().value());
        }
    }

    @Test
    void aFailedReadIsCountedAndTheNextOneRecovers(TestDatabase db) {
        db.execute("TRUNCATE pgshift.run CASCADE");
        run(db, "a", "EXPANDING", null);
        RunStateGauges gauges = new RunStateGauges(registry, "prod");
        try (StatePoller poller = new StatePoller(db.url().withDatabase("pgshift_no_such_db"), "prod",
                List.of(gauges), registry)) {
            poller.poll();
            poller.poll();
            assertEquals(2, registry.get(MetricNames.STATE_READ_FAILURES).counter().count());
            assertEquals(0, runs("prod", "EXPANDING"));
        }
        try (StatePoller poller = new StatePoller(db.url(), "prod", List.of(gauges), registry)) {
            poller.poll();
            assertEquals(1, runs("prod", "EXPANDING"));
        }
    }

    @Test
    void throttledPartitionsAreShownAndNewPausesCountedByReason(TestDatabase db) {
        db.execute("INSERT INTO pgshift.backfill (id, name, spec) VALUES (1, 'b', '{}')");
        db.execute("INSERT INTO pgshift.backfill_partition (backfill_id, partition_no, batch_size, state, paused_reason,"
                + " throttle_reasons) VALUES (1, 0, 100, 'THROTTLED', 'replication lag 1200 ms > 1000 ms', '{REPLICATION_LAG}'),"
                + " (1, 1, 100, 'RUNNING', NULL, NULL), (1, 2, 100, 'PENDING', NULL, NULL)");
        ThrottleGauges gauges = new ThrottleGauges(registry, "prod");
        try (StatePoller poller = new StatePoller(db.url(), "prod", List.of(gauges), registry)) {
            poller.poll();
            assertEquals(1, throttled("replication_lag"));
            assertEquals(0, pauses("replication_lag"), "pauses under way at the first read are not counted");

            db.execute("UPDATE pgshift.backfill_partition SET state = 'THROTTLED',"
                    + " paused_reason = 'replication lag 1500 ms > 1000 ms; 9 sessions waiting for a lock on the table > 5',"
                    + " throttle_reasons = '{REPLICATION_LAG,LOCK_WAITERS}' WHERE partition_no = 1");
            poller.poll();
            assertEquals(2, throttled("replication_lag"));
            assertEquals(1, throttled("lock_waiters"));
            assertEquals(1, pauses("replication_lag"));
            assertEquals(1, pauses("lock_waiters"));

            db.execute("UPDATE pgshift.backfill_partition SET state = 'RUNNING', paused_reason = NULL, throttle_reasons = NULL");
            poller.poll();
            assertEquals(0, throttled("replication_lag"));
            assertEquals(1, pauses("replication_lag"));
        }
    }

    @Test
    void runningPartitionsAreCountedByTheirPace(TestDatabase db) {
        db.execute("INSERT INTO pgshift.backfill (id, name, spec) VALUES (20, 'paced', '{}')");
        db.execute("INSERT INTO pgshift.backfill_partition (backfill_id, partition_no, batch_size, state, pace, pace_reason)"
                + " VALUES (20, 0, 100, 'RUNNING', 'YIELDING', 'yielding: 3 other sessions busy'),"
                + " (20, 1, 100, 'RUNNING', 'YIELDING', 'yielding: 2 other sessions busy'),"
                + " (20, 2, 100, 'RUNNING', 'FULL_SPEED', 'full speed: no other session busy'),"
                + " (20, 3, 100, 'PENDING', 'FIXED', 'fixed: the playbook''s batch settings')");
        try (StatePoller poller = new StatePoller(db.url(), "prod", List.of(new PaceGauges(registry, "prod")), registry)) {
            poller.poll();
            assertEquals(2, paced("yielding"));
            assertEquals(1, paced("full_speed"));
            assertEquals(0, paced("fixed"), "a partition that is not running has no pace now");
        }
    }

    private double paced(String pace) {
        return registry.get(MetricNames.PACED_PARTITIONS).tags("pace", pace).gauge().value();
    }

    private double throttled(String reason) {
        return registry.get(MetricNames.THROTTLED_PARTITIONS).tags("reason", reason).gauge().value();
    }

    private double pauses(String reason) {
        return registry.get(MetricNames.THROTTLE_PAUSES).tags("reason", reason).counter().count();
    }
}
