package io.pgshift.engine;

import static io.pgshift.engine.EngineFixture.assertExitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply} as a role that owns its table but may not create in the table's schema (since
 * PostgreSQL 15, {@code public} grants CREATE to the database's owner only): the sync trigger's
 * function cannot be created there. The run is refused before anything changes, with the
 * privilege and the GRANT that gives it. Before, the expand phase added the column, the trigger's
 * step failed with 42501, and the run stood FAILED half-way. {@code plan}, the dry run, says the
 * same as a warning (it said nothing before, and still prints the SQL).
 */
@ExtendWith(PgDatabaseExtension.class)
class MissingPrivilegeIT {
    @TempDir
    Path tmp;

    @Test
    void aRoleThatCannotCreateTheSyncTriggersFunctionIsRefusedBeforeAnythingChanges(TestDatabase db) throws Exception {
        String role = db.createLoginRole("owner_only");
        try {
            db.execute("GRANT CREATE ON DATABASE " + db.name() + " TO " + role + "; REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            EngineFixture.createUsersLike(db, "owned", 500);
            db.execute("ALTER TABLE owned OWNER TO " + role);
            Path file = EngineFixture.write(tmp, "owned.yaml", EngineFixture.preferencesPlaybook("owned", "owned", 100, 0));

            Cli.Result plan = Cli.run("plan", file.toString(), "--database-url", db.as(role).jdbcUrl());
            assertExitCode(0, plan);
            assertTrue(plan.out().contains("ADD COLUMN"), "the dry run still shows its SQL: " + plan.out());
            assertTrue(plan.err().contains("pgshift: warning: apply as this role would be refused: privileges: owned: role "
                    + role + " lacks CREATE on schema public"), "and says what apply would refuse: " + plan.err());

            Cli.Result result = Cli.run("apply", file.toString(), "--database-url", db.as(role).jdbcUrl(), "--actor", "engine-test");

            assertExitCode(5, result);
            assertTrue(result.err().contains("privileges: owned: role " + role + " lacks CREATE on schema public (where a sync"
                    + " trigger's function is created) (owner " + role + "); GRANT CREATE ON SCHEMA public TO " + role), result.err());
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'owned'::regclass"
                    + " AND attname = 'preferences'"), "nothing changed");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run"), "no run created");

            db.execute("GRANT CREATE ON SCHEMA public TO " + role);
            assertTrue(Cli.run("plan", file.toString(), "--database-url", db.as(role).jdbcUrl()).err().isEmpty(),
                    "no warning once granted");
            assertExitCode(0, Cli.run("apply", file.toString(), "--database-url", db.as(role).jdbcUrl(), "--actor", "engine-test"));
            assertEquals(0, EngineFixture.wrongPreferences(db, "owned"));
        } finally {
            db.execute("DROP OWNED BY " + role + "; DROP ROLE " + role);
        }
    }
}
