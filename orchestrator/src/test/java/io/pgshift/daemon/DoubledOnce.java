package io.pgshift.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.testing.TestDatabase;

/**
 * The table of the tests that take a run's driver away mid-backfill (a frozen daemon, a
 * failover) and the checks that nothing ran twice: {@code n} to be doubled into {@code doubled},
 * and {@code writes}, which counts the backfill's writes of each row (a batch written twice shows
 * as 2).
 */
final class DoubledOnce {
    private DoubledOnce() {
    }

    /** Creates {@code table} with {@code rows} rows and the trigger that counts each row's writes. */
    static void create(TestDatabase db, String table, int rows) {
        db.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, n int NOT NULL, writes int NOT NULL DEFAULT 0);"
                + " INSERT INTO " + table + " (n) SELECT g FROM generate_series(1, " + rows + ") g; ANALYZE " + table + ";"
                + " CREATE FUNCTION count_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + "   IF NEW.doubled IS DISTINCT FROM OLD.doubled THEN NEW.writes := OLD.writes + 1; END IF;"
                + "   RETURN NEW; END $$;"
                + " CREATE TRIGGER count_writes BEFORE UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION count_writes()");
    }

    /**
     * Run {@code runId} left every row of {@code table} right and written once, no index invalid,
     * no constraint NOT VALID, no statement executed twice and nothing audited FAILED.
     */
    static void assertRanOnce(TestDatabase db, String table, long runId) {
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table + " WHERE doubled IS DISTINCT FROM n * 2"));
        assertEquals(1, db.queryLong("SELECT max(writes) FROM " + table), "a row written twice");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "an invalid index");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_constraint WHERE NOT convalidated"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM (SELECT details->>'step' AS step, details->>'sql' AS sql"
                + " FROM pgshift.audit_log WHERE run_id = " + runId + " AND action = 'STATEMENT_EXECUTED'"
                + " GROUP BY 1, 2 HAVING count(*) > 1) twice"), "a statement executed twice");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId
                + " AND action = 'FAILED'"));
    }
}
