package io.pgshift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void aTargetWhoseStateLivesElsewhereGetsOnlyTheMigrationsThatMustCommitWithItsData() {
        Migration stateOnly = new Migration(100, "runs", "io/pgshift/store/test-migrations/V100__extra.sql");
        Migration inTarget = new Migration(101, "markers", "io/pgshift/store/test-migrations/V100__extra.sql",
                Migration.Home.TARGET);

        assertEquals(List.of(2, 3, 4, 101), Migrations.targetOnly(List.of(inTarget, stateOnly)).stream()
                .map(Migration::version).toList(), "the backfill tables, then the other module's own");
        assertEquals(Migration.Home.STATE, stateOnly.home(), "a migration lives in the state database unless it says");
    }
}
