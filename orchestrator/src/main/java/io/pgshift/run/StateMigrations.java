package io.pgshift.run;

import io.pgshift.store.Migration;
import io.pgshift.store.Migrations;
import java.util.List;

/**
 * The orchestrator's state migrations (runs, steps, audit log), numbered from
 * {@link Migrations#FIRST_NON_WORKER_VERSION}. Apply with
 * {@code SchemaMigrator.migrate(connection, Migrations.with(StateMigrations.ORCHESTRATOR))}; a node
 * also applies those whose home is the target to a target that keeps its state elsewhere.
 */
public final class StateMigrations {
    private static final String DIR = "io/pgshift/store/migrations/";

    public static final List<Migration> ORCHESTRATOR = List.of(
            new Migration(100, "run", DIR + "V100__run.sql"),
            new Migration(101, "audit_log", DIR + "V101__audit_log.sql"),
            new Migration(102, "baseline", DIR + "V102__baseline.sql"),
            new Migration(103, "run_policy", DIR + "V103__run_policy.sql"),
            new Migration(104, "step_lock", DIR + "V104__step_lock.sql"),
            new Migration(105, "sync_trigger", DIR + "V105__sync_trigger.sql"),
            new Migration(106, "step_undo", DIR + "V106__step_undo.sql"),
            new Migration(107, "run_lease", DIR + "V107__run_lease.sql"),
            new Migration(108, "rollback_request", DIR + "V108__rollback_request.sql"),
            new Migration(109, "applied_statement", DIR + "V109__applied_statement.sql", Migration.Home.TARGET),
            new Migration(112, "target_policy", DIR + "V112__target_policy.sql", Migration.Home.TARGET),
            new Migration(113, "run_accepted_checksum", DIR + "V113__run_accepted_checksum.sql"),
            new Migration(114, "step_landmark", DIR + "V114__step_landmark.sql", Migration.Home.TARGET),
            new Migration(115, "step_expects_landmark", DIR + "V115__step_expects_landmark.sql"),
            new Migration(116, "step_landmark_removed", DIR + "V116__step_landmark_removed.sql"));

    private StateMigrations() {
    }
}
