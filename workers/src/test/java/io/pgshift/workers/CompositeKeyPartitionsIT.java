package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillState;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BackfillTarget;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.KeyColumn;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Partition bounds follow the key's own order, not its text: with a composite key whose first
 * column is a number, '10' sorts after '9'. Partitions must tile the key space exactly, each row
 * scanned once.
 */
@ExtendWith(PgDatabaseExtension.class)
class CompositeKeyPartitionsIT {
    @Test
    void compositeNumericKeysAreSplitInKeyOrderAndEveryRowIsScannedOnce(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        db.execute("CREATE TABLE grades (student_id bigint, course text, score int NOT NULL, pct int,"
                + " PRIMARY KEY (student_id, course));"
                + "INSERT INTO grades SELECT s, c, (s * 7) % 101, NULL FROM generate_series(1, 1500) s,"
                + " unnest(ARRAY['art', 'math']) c; ANALYZE grades");
        BackfillSpec spec = BackfillSpec.of("fill-grades", new BackfillTarget("\"public\".\"grades\"",
                List.of(new KeyColumn("student_id", "bigint"), new KeyColumn("course", "text")),
                Map.of("pct", "score"), null), "public.grades").withBatch(new BatchSettings(200, 50, 100, 400, 0));
        try (WorkerNode node = BackfillFixture.startNode(db, "composite-node", 4)) {
            long id = BackfillFixture.create(db, spec, 4);
            assertEquals(4, db.queryLong("SELECT count(*) FROM pgshift.backfill_partition WHERE backfill_id = " + id));
            BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
            service.schedule(node.scheduler(), id);
            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
            assertEquals(BackfillState.SUCCEEDED, status.state());
            assertEquals(3000, status.rowsScanned(), "partitions neither overlap nor leave gaps");
            assertEquals(0, db.queryLong("SELECT count(*) FROM grades WHERE pct IS DISTINCT FROM score"));
        }
    }
}
