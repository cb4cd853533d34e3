package io.pgshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class SchemaMigratorIT {
    @Test
    void appliesOnceRecordsVersionsAndAcceptsAnotherModulesMigrations(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c);
            assertEquals(2, db.queryLong("SELECT count(*) FROM pgshift.schema_version WHERE version IN (1, 2)"));
            assertEquals(0, SchemaMigrator.migrate(c).applied(), "a second start applies nothing");
            // another module appends its migrations to the same mechanism
            Migration extra = new Migration(100, "extra", "io/pgshift/store/test-migrations/V100__extra.sql");
            assertEquals(1, SchemaMigrator.migrate(c, Migrations.with(List.of(extra))).applied());
        }
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.schema_version WHERE version = 100"));
        assertEquals(11, db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'pgshift' AND tablename LIKE 'qrtz_%'"));
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.extra_table"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"), "lock released");
    }

    @Test
    void refusesAnAppliedMigrationWhoseTextChanged(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c);
            db.execute("UPDATE pgshift.schema_version SET checksum = 'edited' WHERE version = 2");
            MigrationException e = assertThrows(MigrationException.class, () -> SchemaMigrator.migrate(c));
            assertTrue(e.getMessage().contains("V2 'backfill' was applied with checksum edited"), e.getMessage());
            db.execute("UPDATE pgshift.schema_version SET checksum = '" + Migrations.WORKERS.get(1).checksum()
                    + "' WHERE version = 2");
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                "the lock is released after a failure too");
    }

    @Test
    void failedMigrationIsRolledBackAndReported(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            Migration broken = new Migration(101, "broken", "io/pgshift/store/test-migrations/V101__broken.sql");
            MigrationException e = assertThrows(MigrationException.class,
                    () -> SchemaMigrator.migrate(c, Migrations.with(List.of(broken))));
            assertTrue(e.getMessage().startsWith("migration V101 'broken' failed"), e.getMessage());
        }
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.schema_version WHERE version = 101"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"));
    }
}
