package io.pgshift.workers;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillTarget;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.KeyColumn;
import io.pgshift.backfill.WorkerSettings;
import io.pgshift.quartz.QuartzConfig;
import io.pgshift.store.SchemaMigrator;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Tables, specs and worker nodes for the backfill ITs. */
final class BackfillFixture {
    /** Short cluster check-in so that a killed node's partitions are recovered within seconds. */
    static final Duration CHECKIN = Duration.ofMillis(1000);

    private BackfillFixture() {
    }

    static void migrate(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c);
        }
    }

    /** {@code name(id bigint pk, v int, w int)} with {@code rows} rows and w NULL: the backfill sets w = v * 2. */
    static void createTable(TestDatabase db, String name, int rows) {
        db.execute("CREATE TABLE " + name + " (id bigint PRIMARY KEY, v int NOT NULL, w int);"
                + "INSERT INTO " + name + " SELECT g, g % 1000, NULL FROM generate_series(1, " + rows + ") g;"
                + "ANALYZE " + name);
    }

    /** Counts, per row, the committed updates of the backfilled column (batches rolled back, or lost in a server crash, leave no trace). */
    static void auditUpdates(TestDatabase db, String table) {
        db.execute("CREATE TABLE " + table + "_updates (id bigint NOT NULL);"
                + "CREATE FUNCTION " + table + "_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO " + table + "_updates SELECT id FROM changed; RETURN NULL; END $$;"
                + "CREATE TRIGGER audit AFTER UPDATE ON " + table + " REFERENCING NEW TABLE AS changed"
                + " FOR EACH STATEMENT EXECUTE FUNCTION " + table + "_audit()");
    }

    static BackfillSpec spec(String table, BatchSettings batch) {
        return BackfillSpec.of("fill-" + table, new BackfillTarget("\"public\".\"" + table + "\"",
                List.of(new KeyColumn("id", "bigint")), Map.of("w", "v * 2"), null), "public." + table)
                .withBatch(batch);
    }

    static long create(TestDatabase db, BackfillSpec spec, int partitions) throws SQLException {
        try (Connection c = db.connect()) {
            return new BackfillService(db.url(), Clock.systemUTC()).create(c, spec, partitions, null, null);
        }
    }

    static WorkerNode startNode(TestDatabase db, String name, int threads) throws Exception {
        return WorkerNode.start(NodeSpec.of(db.url(), new QuartzConfig(name, threads, CHECKIN, Duration.ofSeconds(60)),
                WorkerSettings.defaults(name).withThrottleTiming(Duration.ofMillis(100), Duration.ofMillis(200)),
                Clock.systemUTC(), new SimpleMeterRegistry()));
    }

    static long wrongRows(TestDatabase db, String table) {
        return db.queryLong("SELECT count(*) FROM " + table + " WHERE w IS DISTINCT FROM v * 2");
    }
}
