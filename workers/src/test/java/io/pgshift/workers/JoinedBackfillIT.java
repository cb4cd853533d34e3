package io.pgshift.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.backfill.BackfillJoin;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A backfill reading its values from another table: partitions walk the target's composite key
 * from checkpoint to checkpoint, each batch joining the source on two columns. Rows without a
 * match are left alone; a pause and resume continues from the checkpoints, scanning every row once.
 */
@ExtendWith(PgDatabaseExtension.class)
class JoinedBackfillIT {
    private static final int TENANTS = 3;
    private static final int LINES_PER_TENANT = 2000;

    @Test
    void fillsFromTheJoinedRowAcrossPausedPartitionsAndLeavesUnmatchedRowsAlone(TestDatabase db) throws Exception {
        BackfillFixture.migrate(db);
        // plans are unique per (tenant, code); a code both tenants use has different prices
        db.execute("CREATE TABLE plans (tenant int, code text, price numeric NOT NULL, name text NOT NULL,"
                + " PRIMARY KEY (tenant, code));"
                + "INSERT INTO plans SELECT t, 'p' || c, t * 100 + c, 'plan ' || t || '/' || c"
                + " FROM generate_series(1, " + TENANTS + ") t, generate_series(1, 50) c;"
                // lines: composite key (tenant, line); a code without a plan every 7th line, no code every 11th
                + "CREATE TABLE lines (tenant int, line int, plan_code text, qty int NOT NULL, name text,"
                + " amount numeric, plan_name text, PRIMARY KEY (tenant, line));"
                + "INSERT INTO lines SELECT t, l, CASE WHEN l % 11 = 0 THEN NULL WHEN l % 7 = 0 THEN 'gone'"
                + " ELSE 'p' || (l % 50 + 1) END, l % 5 + 1, 'line ' || l, NULL, NULL"
                + " FROM generate_series(1, " + TENANTS + ") t, generate_series(1, " + LINES_PER_TENANT + ") l;"
                + "ANALYZE plans; ANALYZE lines");
        Map<String, String> on = new LinkedHashMap<>();
        on.put("tenant", "tenant");
        on.put("plan_code", "code");
        Map<String, String> set = new LinkedHashMap<>();
        set.put("amount", "plans.price * qty");
        set.put("plan_name", "plans.name || ' for ' || lines.name"); // both tables have "name": qualified
        BackfillSpec spec = BackfillSpec.of("fill-lines", new BackfillTarget("\"public\".\"lines\"",
                List.of(new KeyColumn("tenant", "integer"), new KeyColumn("line", "integer")), set, null,
                new BackfillJoin("\"public\".\"plans\"", "plans", "lines", on)), "public.lines")
                .withBatch(new BatchSettings(100, 50, 100, 100, 5));
        BackfillService service = new BackfillService(db.url(), Clock.systemUTC());
        try (WorkerNode node = BackfillFixture.startNode(db, "joined-node", 4)) {
            long id = BackfillFixture.create(db, spec, 4);
            service.schedule(node.scheduler(), id);
            BackfillIT.waitFor(db, "SELECT sum(rows_scanned) >= 1000 FROM pgshift.backfill_partition WHERE backfill_id = " + id);
            service.pause(id);
            BackfillIT.waitFor(db, "SELECT bool_and(state IN ('PAUSED', 'DONE')) FROM pgshift.backfill_partition"
                    + " WHERE backfill_id = " + id);
            long scanned = service.status(id).rowsScanned();
            assertTrue(scanned < TENANTS * LINES_PER_TENANT, "paused halfway: " + scanned);
            // done: the rows up to each partition's checkpoint
            String done = "EXISTS (SELECT 1 FROM pgshift.backfill_partition bp WHERE bp.backfill_id = " + id
                    + " AND bp.cursor_key IS NOT NULL"
                    + " AND (l.tenant, l.line) <= ((bp.cursor_key->>0)::int, (bp.cursor_key->>1)::int)"
                    + " AND (bp.lower_key IS NULL OR (l.tenant, l.line) > ((bp.lower_key->>0)::int, (bp.lower_key->>1)::int)))";
            assertEquals(scanned, db.queryLong("SELECT count(*) FROM lines l WHERE " + done),
                    "the checkpoints say exactly which rows were scanned");
            assertEquals(0, db.queryLong("SELECT count(*) FROM lines l WHERE amount IS NOT NULL AND NOT " + done),
                    "nothing beyond a checkpoint was written");
            assertEquals(0, db.queryLong("SELECT count(*) FROM lines l JOIN plans p ON p.tenant = l.tenant"
                    + " AND p.code = l.plan_code WHERE l.amount IS NULL AND " + done), "every matched row up to a checkpoint was");

            service.resume(node.scheduler(), id);
            BackfillStatus status = service.awaitFinished(id, Duration.ofSeconds(60), Duration.ofMillis(100));
            assertEquals(BackfillState.SUCCEEDED, status.state());
            assertEquals(TENANTS * LINES_PER_TENANT, status.rowsScanned(), "every row scanned exactly once");
            long matched = db.queryLong("SELECT count(*) FROM lines l JOIN plans p ON p.tenant = l.tenant AND p.code = l.plan_code");
            assertEquals(matched, status.rowsWritten(), "only rows with a match are written");
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM lines l JOIN plans p ON p.tenant = l.tenant AND p.code = l.plan_code"
                + " WHERE l.amount IS DISTINCT FROM p.price * l.qty OR l.plan_name IS DISTINCT FROM p.name || ' for ' || l.name"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM lines l WHERE (amount IS NOT NULL OR plan_name IS NOT NULL)"
                + " AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.tenant = l.tenant AND p.code = l.plan_code)"),
                "rows without a match keep their NULLs");
        assertEquals(0, db.queryLong("SELECT count(*) FROM lines WHERE tenant = 2 AND line = 1"
                + " AND amount <> (SELECT price FROM plans WHERE tenant = 2 AND code = 'p2') * 2"),
                "the tenant's own plan, not another tenant's plan of the same code");
    }
}
