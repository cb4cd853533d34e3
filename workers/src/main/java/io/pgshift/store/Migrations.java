package io.pgshift.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The explicit, ordered list of the workers' migrations. Listed in code rather than found by
 * scanning a classpath directory, because directory scanning does not work inside shaded jars.
 *
 * <p>Another module adds its own by concatenating: {@code Migrations.with(ORCHESTRATOR_MIGRATIONS)}
 * with versions from 100 up, then {@code SchemaMigrator.migrate(connection, thatList)}.
 */
public final class Migrations {
    private static final String DIR = "io/pgshift/store/migrations/";

    /** Versions below this belong to workers; other modules number theirs from here. */
    public static final int FIRST_NON_WORKER_VERSION = 100;

    public static final List<Migration> WORKERS = List.of(
            new Migration(1, "quartz", DIR + "V001__quartz.sql"),
            new Migration(2, "backfill", DIR + "V002__backfill.sql", Migration.Home.TARGET),
            new Migration(3, "partition_pace", DIR + "V003__partition_pace.sql", Migration.Home.TARGET),
            new Migration(4, "throttle_reasons", DIR + "V004__throttle_reasons.sql", Migration.Home.TARGET));

    private Migrations() {
    }

    /**
     * What a target database needs when pgshift's state lives in another database: of the workers'
     * migrations and {@code more}, those whose home is {@link Migration.Home#TARGET} (the backfill
     * tables, whose checkpoints commit in the target in the same transaction as their batch's rows).
     */
    public static List<Migration> targetOnly(List<Migration> more) {
        return with(more).stream().filter(m -> m.home() == Migration.Home.TARGET).toList();
    }

    /** The workers' migrations followed by {@code more}, sorted by version. */
    public static List<Migration> with(List<Migration> more) {
        List<Migration> all = new ArrayList<>(WORKERS);
        all.addAll(more);
        all.sort(Comparator.comparingInt(Migration::version));
        return List.copyOf(all);
    }
}
