package io.pgshift.usecase;

import static io.pgshift.run.RunState.AWAITING_CONTRACT;
import static io.pgshift.run.RunState.BACKFILLING;
import static io.pgshift.run.RunState.CONTRACTING;
import static io.pgshift.run.RunState.EXPANDING;
import static io.pgshift.run.RunState.ROLLED_BACK;
import static io.pgshift.run.RunState.ROLLING_BACK;
import static io.pgshift.run.RunState.SUCCEEDED;
import static io.pgshift.run.RunState.VERIFYING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgshift.backfill.BackfillKnobs;
import io.pgshift.engine.SyncCleanup;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunRecord;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Complete, rollback, cleanup and live backfill knobs as the CLI and the API call them, on real runs in PostgreSQL. */
@ExtendWith(PgDatabaseExtension.class)
class RunEndUseCasesIT {
    private TestDatabase db;
    private RecordingRunHost host;
    private LifecycleRuns runs;

    @BeforeEach
    void setUp(TestDatabase db) throws Exception {
        this.db = db;
        host = new RecordingRunHost(db);
        runs = new LifecycleRuns(db);
    }

    @Test
    void completeCarriesAHeldRunWithoutSyncTriggersOnToContractAndStartsItsDriver() throws Exception {
        RunRecord run = runs.run("complete_held", EXPANDING, BACKFILLING, VERIFYING, AWAITING_CONTRACT);

        CompleteRun.Result result = new CompleteRun(host).complete(new CompleteRun.Request(run.id(), "bob", false));

        assertEquals(CONTRACTING, result.run().state());
        assertFalse(result.forced());
        assertEquals(List.of(), result.reliance());
        assertEquals(List.of(run.id()), host.started());
        assertEquals(List.of("bob {\"forced\": false, \"sync_triggers\": []}"), runs.audited(run.id(), "HOLD_RELEASED"));
    }

    @Test
    void completeOfARunNotHeldIsRefusedAndStartsNothing() throws Exception {
        RunRecord run = runs.run("complete_working", EXPANDING);

        assertThrows(IllegalTransitionException.class,
                () -> new CompleteRun(host).complete(new CompleteRun.Request(run.id(), "bob", true)));

        assertEquals(EXPANDING, runs.find(run.id()).state());
        assertEquals(List.of(), runs.audited(run.id(), "HOLD_RELEASED"));
        assertEquals(List.of(), host.started());
    }

    @Test
    void rollbackIsAskedForRecordedAuditedAndHandedToTheDriver() throws Exception {
        RunRecord run = runs.run("rollback_done", EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, SUCCEEDED);

        RunRecord rolling = new RollbackRun(host).rollback(new RollbackRun.Request(run.id(), "bob", true));

        assertEquals(ROLLING_BACK, rolling.state());
        assertEquals(List.of(run.id()), host.started());
        assertEquals(List.of("bob {\"from\": \"SUCCEEDED\", \"drop_data\": true}"),
                runs.audited(run.id(), "ROLLBACK_STARTED"));
        assertEquals("{\"by\": \"bob\", \"drop_data\": true}",
                db.queryValue("SELECT rollback_request::text FROM pgshift.run WHERE id = " + run.id()));
    }

    @Test
    void rollbackOfARunThatChangedNothingOrIsRolledBackIsRefused() throws Exception {
        RunRecord pending = runs.run("rollback_pending");
        RunRecord rolledBack = runs.run("rollback_twice", EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, SUCCEEDED,
                ROLLING_BACK, ROLLED_BACK);

        assertThrows(IllegalTransitionException.class,
                () -> new RollbackRun(host).rollback(new RollbackRun.Request(pending.id(), "bob", false)));
        assertThrows(IllegalTransitionException.class,
                () -> new RollbackRun(host).rollback(new RollbackRun.Request(rolledBack.id(), "bob", false)));

        assertEquals(ROLLED_BACK, runs.find(rolledBack.id()).state());
        assertEquals(List.of(), runs.audited(pending.id(), "ROLLBACK_STARTED"));
        assertEquals(List.of(), host.started());
    }

    @Test
    void cleanupOfAFinishedRunWithoutSyncTriggersDropsNothing() throws Exception {
        RunRecord run = runs.run("cleanup_done", EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, SUCCEEDED);

        SyncCleanup.Result result = new CleanupRun(host).cleanup(new CleanupRun.Request(run.id(), "bob", false));

        assertEquals(SUCCEEDED, result.run().state());
        assertEquals(List.of(), result.dropped());
        assertFalse(result.forced());
    }

    @Test
    void cleanupOfARunThatHasNotEndedIsRefused() throws Exception {
        RunRecord run = runs.run("cleanup_working", EXPANDING, BACKFILLING);

        assertThrows(IllegalTransitionException.class,
                () -> new CleanupRun(host).cleanup(new CleanupRun.Request(run.id(), "bob", true)));
    }

    @Test
    void knobsChangeEveryUnfinishedBackfillOfTheRunEachAudited() throws Exception {
        RunRecord run = runs.run("knobs_running", EXPANDING, BACKFILLING);
        long running = backfill(run.id(), "users_theme", "RUNNING");
        backfill(run.id(), "users_done", "SUCCEEDED");

        SetBackfillKnobs.Result result = new SetBackfillKnobs(host)
                .set(new SetBackfillKnobs.Request(run.id(), "bob", 250, null));

        assertEquals(List.of(new BackfillKnobs.Change(running, "users_theme", null, 250, null, null)), result.changes());
        assertEquals(List.of("bob {\"name\": \"users_theme\", \"pause_ms\": {\"new\": null, \"old\": null}, \"batch_size\":"
                + " {\"new\": 250, \"old\": null}, \"backfill_id\": " + running + "}"), runs.audited(run.id(), "KNOB_CHANGED"));
    }

    @Test
    void knobsOnARunWithoutAnUnfinishedBackfillAreRefusedAsAConflict() throws Exception {
        RunRecord run = runs.run("knobs_none", EXPANDING);
        backfill(run.id(), "users_done", "SUCCEEDED");

        var refused = assertThrows(NoUnfinishedBackfillException.class,
                () -> new SetBackfillKnobs(host).set(new SetBackfillKnobs.Request(run.id(), "bob", null, 10)));

        assertEquals(ErrorCode.RUN_CONFLICT, refused.code());
        assertEquals(List.of(), runs.audited(run.id(), "KNOB_CHANGED"));
    }

    @Test
    void knobsNeedAtLeastOneValue() {
        var refused = assertThrows(PgshiftException.class, () -> new SetBackfillKnobs.Request(1, "bob", null, null));
        assertEquals(ErrorCode.USAGE, refused.code());
    }

    private long backfill(long runId, String name, String state) {
        return db.queryLong("INSERT INTO pgshift.backfill (run_id, step_ordinal, name, spec, state) VALUES (" + runId
                + ", 1, '" + name + "', '{}', '" + state + "') RETURNING id");
    }
}
