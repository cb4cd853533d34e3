package io.pgshift.run;

import static io.pgshift.run.RunFixtures.plan;
import static io.pgshift.run.RunFixtures.playbook;
import static io.pgshift.run.RunFixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.db.Transactions;
import io.pgshift.error.ErrorCode;
import io.pgshift.gate.CheckResult;
import io.pgshift.gate.GateResult;
import io.pgshift.playbook.Playbook;
import io.pgshift.store.SchemaMigrator;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class RunStoreIT {
    private final StepStore steps = new StepStore();
    private final RunStore store = new RunStore(steps);
    private TestDatabase db;
    private Connection c;

    @BeforeAll
    static void migrate(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c, StateMigrations.ORCHESTRATOR);
        }
    }

    @BeforeEach
    void connect(TestDatabase db) throws SQLException {
        this.db = db;
        this.c = db.connect();
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private Submission submit(String name, String table, String column) throws SQLException {
        Playbook p = playbook(name, table, column);
        return store.createOrResume(c, new NewRun(p, plan(p, table, column), "alice", Set.of(table(table))));
    }

    private RunRecord walk(long id, RunState... states) throws SQLException {
        RunRecord run = store.find(c, id).orElseThrow();
        for (RunState to : states) {
            run = store.transition(c, id, run.state(), to, null);
        }
        return run;
    }

    @Test
    void aTransitionIsAnnouncedToListenersAtItsCommitAndARefusedOneIsNot() throws Exception {
        long id = submit("announced", "t_announced", "c").run().id();
        try (Connection watcher = db.connect()) {
            RunStore.STATE_CHANGES.listen(watcher);
            c.setAutoCommit(false);
            store.transition(c, id, RunState.PENDING, RunState.EXPANDING, null);
            assertEquals(List.of(), RunStore.STATE_CHANGES.await(watcher, java.time.Duration.ofMillis(200)),
                    "nothing is heard before the transition commits");
            c.commit();
            c.setAutoCommit(true);
            assertEquals(List.of(Long.toString(id)), RunStore.STATE_CHANGES.await(watcher, java.time.Duration.ofSeconds(10)));

            assertThrows(IllegalTransitionException.class,
                    () -> store.transition(c, id, RunState.PENDING, RunState.EXPANDING, null));
            assertEquals(List.of(), RunStore.STATE_CHANGES.await(watcher, java.time.Duration.ofMillis(200)),
                    "a transition refused as stale moved nothing and announces nothing");
        }
    }

    @Test
    void createsAPendingRunWithItsStepsAndTablesInOneTransaction() throws SQLException {
        Submission s = submit("create-run", "accounts", "nickname");
        RunRecord run = s.run();
        assertEquals(Submission.Outcome.CREATED, s.outcome());
        assertEquals(RunState.PENDING, run.state());
        assertNull(run.phase());
        assertEquals("alice", run.submittedBy());
        assertEquals(playbook("create-run", "accounts", "nickname").checksum(), run.checksum());
        assertEquals(playbook("create-run", "accounts", "nickname").source(), store.playbookYaml(c, run.id()).orElseThrow());
        assertNotNull(run.createdAt());
        assertNull(run.finishedAt());
        assertTrue(c.getAutoCommit(), "the store's own transaction hands the connection back in autocommit");

        List<StepRecord> stored = steps.list(c, run.id());
        assertEquals(2, stored.size());
        StepRecord first = stored.get(0);
        assertEquals(1, first.ordinal());
        assertEquals(StepState.PENDING, first.state());
        assertEquals("expand[0].add_column", first.path());
        assertEquals("ALTER TABLE public.accounts ADD COLUMN IF NOT EXISTS nickname text;", first.sqlText());
        assertEquals(StepStore.sha256(first.sqlText()), first.checksum());
        assertEquals(0, first.attempts());
        assertEquals(new StepLock(io.pgshift.plan.LockMode.ACCESS_EXCLUSIVE, "accounts"), first.lock(),
                "the strongest lock the step takes, as planned");
        assertTrue(run.policy().isNone(), "no target policy without a daemon");
        assertNull(run.waiting());
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run_table WHERE run_id = " + run.id()
                + " AND table_name = 'accounts' AND active"));
    }

    @Test
    void anApprovalIsRecordedOnceAndASecondIsRefusedNamingTheFirst() throws SQLException {
        long id = walk(submit("approve-once", "approvals", "note").run().id(), RunState.AWAITING_APPROVAL).id();
        assertEquals("abby", store.recordApproval(c, id, "abby").approvedBy());
        AlreadyApprovedException second = assertThrows(AlreadyApprovedException.class,
                () -> store.recordApproval(c, id, "carl"));
        assertEquals(ErrorCode.RUN_CONFLICT, second.code());
        assertTrue(second.getMessage().contains("already approved by 'abby'"), second.getMessage());
        assertEquals("abby", store.find(c, id).orElseThrow().approvedBy(), "the first approval stands");

        walk(id, RunState.EXPANDING);
        assertThrows(IllegalTransitionException.class, () -> store.recordApproval(c, id, "carl"),
                "a started run is not awaiting approval");
    }

    @Test
    void aRunKeepsThePolicyItWasCreatedUnder() throws SQLException {
        Playbook p = playbook("policy-run", "gadgets", "label");
        RunPolicy nights = new RunPolicy("{\"lock_timeout\":\"200ms\"}",
                List.of(new io.pgshift.backfill.Schedule("0 * 1-4 ? * *", java.time.ZoneId.of("UTC"))));
        RunRecord created = store.createOrResume(c, new NewRun(p, plan(p, "gadgets", "label"), "alice",
                Set.of(table("gadgets")), nights)).run();
        assertEquals(nights, created.policy());
        assertEquals(java.time.Duration.ofMillis(200), created.policy().defaults().settings().lockTimeout());
        Submission again = store.createOrResume(c, new NewRun(p, plan(p, "gadgets", "label"), "bob",
                Set.of(table("gadgets")), RunPolicy.NONE));
        assertEquals(Submission.Outcome.RESUMED, again.outcome());
        assertEquals(nights, store.find(c, created.id()).orElseThrow().policy(), "resubmitting does not change it");

        store.recordWaiting(c, created.id(), RunState.PENDING, new Waiting("outside", java.time.Instant.parse(
                "2026-11-26T01:00:00Z")));
        assertEquals(new Waiting("outside", java.time.Instant.parse("2026-11-26T01:00:00Z")),
                store.find(c, created.id()).orElseThrow().waiting());
        RunRecord moved = store.transition(c, created.id(), RunState.PENDING, RunState.EXPANDING, null);
        assertNull(moved.waiting(), "a run that moves on is no longer waiting");
    }

    @Test
    void samePlaybookResumesItsRun() throws SQLException {
        RunRecord first = submit("resume-run", "devices", "label").run();
        walk(first.id(), RunState.EXPANDING);
        Submission again = submit("resume-run", "devices", "label");
        assertEquals(Submission.Outcome.RESUMED, again.outcome());
        assertEquals(first.id(), again.run().id());
        assertEquals(RunState.EXPANDING, again.run().state());
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'resume-run'"));
        assertEquals(2, db.queryLong("SELECT count(*) FROM pgshift.step WHERE run_id = " + first.id()));
    }

    @Test
    void succeededPlaybookIsAlreadyApplied() throws SQLException {
        RunRecord run = submit("applied-run", "orders", "note").run();
        RunRecord done = walk(run.id(), RunState.EXPANDING, RunState.BACKFILLING, RunState.VERIFYING,
                RunState.CONTRACTING, RunState.SUCCEEDED);
        assertNotNull(done.finishedAt());
        assertNotNull(done.startedAt());
        assertEquals(Submission.Outcome.ALREADY_APPLIED, submit("applied-run", "orders", "note").outcome());
    }

    @Test
    void aSucceededRunReturnsToAPhaseClaimingItsTablesAgainUnlessAnotherRunHoldsOne() throws SQLException {
        RunRecord run = submit("lost-after-success", "rebates", "memo").run();
        walk(run.id(), RunState.EXPANDING, RunState.BACKFILLING, RunState.VERIFYING, RunState.CONTRACTING,
                RunState.SUCCEEDED);
        RunRecord other = submit("holds-rebates", "rebates", "note").run();
        IllegalTransitionException busy = assertThrows(IllegalTransitionException.class,
                () -> Transactions.inTransaction(c, tx -> store.returnTo(tx, run.id(), RunState.SUCCEEDED, RunState.EXPANDING)));
        assertTrue(busy.getMessage().contains("another run holds one of its tables; wait for it to end (pgshift history)"
                + " and apply the playbook again then"), busy.getMessage());
        assertEquals("SUCCEEDED", db.queryValue("SELECT state FROM pgshift.run WHERE id = " + run.id()), "nothing moved");

        walk(other.id(), RunState.CANCELLED);
        RunRecord back = Transactions.inTransaction(c, tx -> store.returnTo(tx, run.id(), RunState.SUCCEEDED,
                RunState.EXPANDING));
        assertEquals(RunState.EXPANDING, back.state());
        assertNull(back.finishedAt());
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run_table WHERE run_id = " + run.id() + " AND active"),
                "its table is claimed again");
    }

    @Test
    void changedPlaybookUnderALiveNameIsRefusedWithBothChecksums() throws SQLException {
        RunRecord run = submit("changed-run", "invoices", "memo").run();
        Playbook changed = playbook("changed-run", "invoices", "memo2");
        ChangedPlaybookException e = assertThrows(ChangedPlaybookException.class,
                () -> store.createOrResume(c, new NewRun(changed, plan(changed, "invoices", "memo2"), "bob",
                        Set.of(table("invoices")))));
        assertEquals(ErrorCode.RUN_CONFLICT, e.code());
        assertTrue(e.getMessage().contains(run.checksum().substring(0, 12)), e.getMessage());
        assertTrue(e.getMessage().contains(changed.checksum().substring(0, 12)), e.getMessage());
        assertTrue(e.getMessage().contains("give the changed playbook a new name, or cancel/roll back run "
                + run.id() + " first"), e.getMessage());
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'changed-run'"));
    }

    @Test
    void changedPlaybookUnderASucceededNameIsRefused() throws SQLException {
        RunRecord run = submit("changed-after-success", "receipts", "memo").run();
        walk(run.id(), RunState.EXPANDING, RunState.BACKFILLING, RunState.VERIFYING, RunState.CONTRACTING,
                RunState.SUCCEEDED);
        assertThrows(ChangedPlaybookException.class, () -> submit("changed-after-success", "receipts", "other"));
    }

    @Test
    void cancelledPlaybookNameMayRunAgainWithNewContent() throws SQLException {
        RunRecord run = submit("cancelled-run", "carts", "memo").run();
        walk(run.id(), RunState.CANCELLED);
        Submission again = submit("cancelled-run", "carts", "memo2");
        assertEquals(Submission.Outcome.CREATED, again.outcome());
        assertTrue(again.run().id() > run.id());
        assertEquals(again.run().id(), store.findByName(c, "cancelled-run").orElseThrow().id());
    }

    @Test
    void secondActiveRunOnATableIsRefusedAndLeavesNothingBehind() throws SQLException {
        RunRecord holder = submit("table-holder", "payments", "memo").run();
        Playbook other = playbook("table-intruder", "payments", "note");
        TableBusyException e = assertThrows(TableBusyException.class, () -> store.createOrResume(c, new NewRun(other,
                plan(other, "payments", "note"), "bob", Set.of(table("aaa_free"), table("payments")))));
        assertEquals(ErrorCode.RUN_CONFLICT, e.code());
        assertEquals(holder.id(), e.otherRunId());
        assertEquals(table("payments"), e.table());
        assertTrue(e.getMessage().contains("table payments is being changed by run " + holder.id()), e.getMessage());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'table-intruder'"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run_table WHERE table_name = 'aaa_free'"));
    }

    @Test
    void theUniqueIndexItselfRefusesASecondActiveRunOnATable() throws SQLException {
        RunRecord holder = submit("index-holder", "shipments", "memo").run();
        RunRecord other = submit("index-other", "parcels", "memo").run();
        SQLException e = assertThrows(SQLException.class, () -> c.createStatement().execute(
                "INSERT INTO pgshift.run_table (run_id, table_schema, table_name) VALUES (" + other.id()
                        + ", 'public', 'shipments')"));
        assertEquals("23505", e.getSQLState());
        assertTrue(e.getMessage().contains("run_table_one_active_run"), e.getMessage());
        c.createStatement().execute("INSERT INTO pgshift.run_table (run_id, table_schema, table_name, active) VALUES ("
                + other.id() + ", 'public', 'shipments', false)");
        assertTrue(holder.id() < other.id());
    }

    @Test
    void aTerminalStateFreesTheTablesInTheSameTransaction() throws SQLException {
        RunRecord first = submit("frees-first", "refunds", "memo").run();
        walk(first.id(), RunState.EXPANDING, RunState.FAILED);
        assertThrows(TableBusyException.class, () -> submit("frees-second", "refunds", "note"),
                "a failed run still holds its table");
        walk(first.id(), RunState.ROLLING_BACK, RunState.ROLLED_BACK);
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run_table WHERE run_id = " + first.id()
                + " AND active"));
        assertEquals(Submission.Outcome.CREATED, submit("frees-second", "refunds", "note").outcome());
    }

    @Test
    void illegalTransitionIsRefusedAndChangesNothing() throws SQLException {
        RunRecord run = submit("illegal-run", "coupons", "memo").run();
        IllegalTransitionException skip = assertThrows(IllegalTransitionException.class,
                () -> store.transition(c, run.id(), RunState.PENDING, RunState.CONTRACTING, null));
        assertEquals(ErrorCode.RUN_CONFLICT, skip.code());
        assertTrue(skip.getMessage().contains("may move to AWAITING_APPROVAL, EXPANDING, CANCELLED"), skip.getMessage());
        IllegalTransitionException stale = assertThrows(IllegalTransitionException.class,
                () -> store.transition(c, run.id(), RunState.EXPANDING, RunState.BACKFILLING, null));
        assertTrue(stale.getMessage().contains("is PENDING, not EXPANDING"), stale.getMessage());
        assertEquals(RunState.PENDING, store.find(c, run.id()).orElseThrow().state());
        assertThrows(RunNotFoundException.class, () -> store.transition(c, 999_999, RunState.PENDING,
                RunState.EXPANDING, null));
    }

    @Test
    void pausedRunResumesOnlyToThePhaseItPausedIn() throws SQLException {
        RunRecord run = submit("paused-run", "vouchers", "memo").run();
        RunRecord paused = walk(run.id(), RunState.EXPANDING, RunState.BACKFILLING, RunState.PAUSED);
        assertEquals(RunState.BACKFILLING, paused.phase());
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> store.transition(c, run.id(), RunState.PAUSED, RunState.EXPANDING, null));
        assertTrue(e.getMessage().contains("(phase BACKFILLING)"), e.getMessage());
        RunRecord resumed = store.transition(c, run.id(), RunState.PAUSED, RunState.BACKFILLING, null);
        assertEquals(RunState.BACKFILLING, resumed.state());
    }

    @Test
    void runDocumentsReadAndPrintAsTheirJsonbColumns() throws SQLException {
        RunRecord run = submit("documents", "ledgers", "memo").run();
        RowCounts counts = RowCounts.NONE.withBefore(new RowCounts.Counted(
                Map.of("public.ledgers", 12L, "public.a", 1L, "public.ledgers_archive", 2_000_000L),
                Set.of("public.ledgers_archive")));
        GateReport report = new GateReport(1, Map.of("contract[0].set_not_null",
                new io.pgshift.gate.GateCursor(List.of("7"), 1, 8, List.of("3"), false)), null);
        store.recordRowCounts(c, run.id(), counts);
        RunRecord stored = store.recordGate(c, run.id(), report);
        assertEquals(counts, stored.rowCounts());
        assertEquals(report, stored.gateReport());
        assertEquals(db.queryValue("SELECT row_counts::text FROM pgshift.run WHERE id = " + run.id()),
                stored.rowCounts().toString(), "the text report prints the column as PostgreSQL does");
        assertEquals(db.queryValue("SELECT gate_report::text FROM pgshift.run WHERE id = " + run.id()),
                RunDocuments.text(stored.gateReport().tree()), "the API shows the column's keys in its order");
    }

    @Test
    void failedGateKeepsItsReportAndIsRetriedInVerifying() throws SQLException {
        RunRecord run = submit("gate-run", "tickets", "memo").run();
        walk(run.id(), RunState.EXPANDING, RunState.BACKFILLING, RunState.VERIFYING);
        GateReport report = new GateReport(1, Map.of(), new GateResult(List.of(new CheckResult(
                "contract[0].set_not_null", "NULLs in tickets.memo", 3, List.of("1", "7"), 10, "keys", 0))));
        store.recordGate(c, run.id(), report);
        RunRecord failed = store.transition(c, run.id(), RunState.VERIFYING, RunState.FAILED, "3 NULLs left in tickets.memo");
        assertEquals(RunState.VERIFYING, failed.phase());
        assertEquals("3 NULLs left in tickets.memo", failed.error());
        assertEquals(report, failed.gateReport());
        assertEquals(3, failed.gateReport().result().checks().get(0).violations());
        assertNull(failed.finishedAt(), "FAILED is not terminal");
        RunRecord retried = store.transition(c, run.id(), RunState.FAILED, RunState.VERIFYING, null);
        assertNull(retried.error());
    }

    @Test
    void theDatabaseRefusesAnUnknownState() throws SQLException {
        RunRecord run = submit("check-run", "badges", "memo").run();
        SQLException e = assertThrows(SQLException.class, () -> c.createStatement().execute(
                "UPDATE pgshift.run SET state = 'DONE' WHERE id = " + run.id()));
        assertEquals("23514", e.getSQLState());
    }

    @Test
    void stepUpdatesAreGuardedAndRecorded() throws SQLException {
        RunRecord run = submit("step-run", "reviews", "memo").run();
        assertThrows(IllegalTransitionException.class, () -> steps.stepFinished(c, run.id(), 1,
                new StepOutcome(StepState.SUCCEEDED, 1, 5, null, null)), "a step succeeds only after it started");
        StepRecord started = steps.stepStarted(c, run.id(), 1);
        assertEquals(StepState.RUNNING, started.state());
        assertNotNull(started.startedAt());
        StepRecord done = steps.stepFinished(c, run.id(), 1, new StepOutcome(StepState.SUCCEEDED, 3, 42, 10L, null));
        assertEquals(StepState.SUCCEEDED, done.state());
        assertEquals(3, done.attempts());
        assertEquals(42L, done.executionTimeMs());
        assertEquals(10L, done.rows());
        assertNotNull(done.finishedAt());
        IllegalTransitionException twice = assertThrows(IllegalTransitionException.class,
                () -> steps.stepFinished(c, run.id(), 1, new StepOutcome(StepState.SUCCEEDED, 3, 42, 10L, null)));
        assertTrue(twice.getMessage().contains("is SUCCEEDED"), twice.getMessage());
        assertThrows(IllegalTransitionException.class, () -> steps.stepStarted(c, run.id(), 99));
    }

    @Test
    void historyListsNewestFirstAndFiltersByState() throws SQLException {
        RunRecord a = submit("history-a", "h_one", "memo").run();
        RunRecord b = submit("history-b", "h_two", "memo").run();
        walk(a.id(), RunState.CANCELLED);
        List<RunRecord> cancelled = store.list(c, RunFilter.inStates(RunState.CANCELLED), 100, 0);
        assertTrue(cancelled.stream().anyMatch(r -> r.id() == a.id()));
        assertTrue(cancelled.stream().allMatch(r -> r.state() == RunState.CANCELLED));
        List<RunRecord> all = store.list(c, RunFilter.ALL, 2, 0);
        assertEquals(2, all.size());
        assertTrue(all.get(0).id() > all.get(1).id());
        assertEquals(List.of(b.id()), store.list(c, new RunFilter(Set.of(), "history-b"), 10, 0)
                .stream().map(RunRecord::id).toList());
    }

    @Test
    void leaselessRunsAreThoseADriverShouldCarryWithNoLeaseNorMoveForTheGrace() throws Exception {
        RunRecord fresh = submit("leaseless-fresh", "leaseless_a", "memo").run();
        RunRecord leased = walk(submit("leaseless-leased", "leaseless_b", "memo").run().id(), RunState.EXPANDING);
        RunRecord expired = walk(submit("leaseless-expired", "leaseless_c", "memo").run().id(), RunState.EXPANDING,
                RunState.BACKFILLING);
        RunRecord paused = walk(submit("leaseless-paused", "leaseless_d", "memo").run().id(), RunState.EXPANDING,
                RunState.PAUSED);
        RunRecord waiting = walk(submit("leaseless-approval", "leaseless_e", "memo").run().id(), RunState.AWAITING_APPROVAL);
        RunLeases leases = new RunLeases();
        leases.take(c, leased.id(), "node-a", "pgshift-lease-leaseless", java.time.Duration.ofSeconds(30)).orElseThrow();
        leases.take(c, expired.id(), "node-a", "pgshift-lease-leaseless", java.time.Duration.ofMillis(1)).orElseThrow();
        Thread.sleep(50);

        assertEquals(List.of(fresh.id(), expired.id()), mine(store.leaseless(c, java.time.Duration.ofMillis(10))),
                "a run that never had a driver and one whose lease expired; not a leased, paused or unapproved one");
        assertEquals(List.of(), mine(store.leaseless(c, java.time.Duration.ofMinutes(1))), "both within the grace");
        store.recordApproval(c, waiting.id(), "bob");
        Thread.sleep(50);
        assertEquals(List.of(fresh.id(), expired.id(), waiting.id()), mine(store.leaseless(c, java.time.Duration.ofMillis(10))),
                "an approved run is one; the paused one " + paused.id() + " still is not");
    }

    /** The ids among {@code ids} of this test's runs (other tests' runs share the database). */
    private List<Long> mine(List<Long> ids) throws SQLException {
        List<Long> mine = new ArrayList<>();
        for (long id : ids) {
            if (store.find(c, id).orElseThrow().playbookName().startsWith("leaseless-")) {
                mine.add(id);
            }
        }
        return mine;
    }

    @Test
    void leaseIsExclusiveUntilItExpiresOrItsSessionIsGone() throws Exception {
        RunRecord run = submit("lease-run", "leases", "memo").run();
        RunLeases leases = new RunLeases();
        try (Connection holderA = io.pgshift.db.Connections.open(db.url(), "pgshift-lease-a"); Connection holderB = io.pgshift.db.Connections.open(db.url(), "pgshift-lease-b")) {
            long a = leases.take(holderA, run.id(), "node-a", "pgshift-lease-a", java.time.Duration.ofMillis(300))
                    .orElseThrow();
            assertTrue(leases.take(holderB, run.id(), "node-b", "pgshift-lease-b", java.time.Duration.ofSeconds(30))
                    .isEmpty(), "held, and its session is alive");
            assertTrue(leases.renew(holderA, run.id(), a, java.time.Duration.ofMillis(300)), "the holder renews");
            Thread.sleep(400);
            long b = leases.take(holderB, run.id(), "node-b", "pgshift-lease-b", java.time.Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("an expired lease is taken over"));
            assertTrue(b > a, "each take is a new fencing token");
            assertFalse(leases.renew(holderA, run.id(), a, java.time.Duration.ofSeconds(30)), "the old holder lost it");
            leases.release(holderA, run.id(), a);
            assertEquals("node-b", store.find(c, run.id()).orElseThrow().leaseOwner(), "a lost lease is not released");
        }
        // node-b's session is closed: its lease is free as soon as the server has ended that
        // backend (it leaves pg_stat_activity a moment after the client's close), long before it expires
        db.waitFor("SELECT count(*) = 0 FROM pg_stat_activity WHERE application_name = 'pgshift-lease-b'",
                java.time.Duration.ofSeconds(5));
        long c3 = leases.take(c, run.id(), "node-c", "pgshift-lease-c", java.time.Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("a lease whose session is gone is taken over"));
        assertTrue(c3 > 0);
    }

    @Test
    void aFencedConnectionCannotWriteTheRunOnceItsLeaseIsTakenOver() throws Exception {
        RunRecord run = submit("fence-run", "fence", "memo").run();
        RunLeases leases = new RunLeases();
        try (Connection stale = io.pgshift.db.Connections.open(db.url(), "pgshift-driver"); Connection other = io.pgshift.db.Connections.open(db.url(), "pgshift-lease-x")) {
            long epoch = leases.take(stale, run.id(), "node-a", "pgshift-lease-gone", java.time.Duration.ofSeconds(30))
                    .orElseThrow();
            RunLeases.fence(stale, run.id(), epoch);
            store.transition(stale, run.id(), RunState.PENDING, RunState.EXPANDING, null);
            // node-a's session name matches no live session: taken over at once
            leases.take(other, run.id(), "node-b", "pgshift-lease-x", java.time.Duration.ofSeconds(30)).orElseThrow();
            SQLException refused = assertThrows(SQLException.class,
                    () -> store.transition(stale, run.id(), RunState.EXPANDING, RunState.BACKFILLING, null));
            assertTrue(RunLeases.fenced(refused), refused.getMessage());
            assertEquals(RunState.EXPANDING, store.find(c, run.id()).orElseThrow().state());
            store.transition(other, run.id(), RunState.EXPANDING, RunState.BACKFILLING, null);
        }
    }

    @Test
    void concurrentSubmissionsOfOnePlaybookCreateOneRun() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Submission>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Submission> submitOnce = () -> {
                    try (Connection own = db.connect()) {
                        Playbook p = playbook("racing-run", "races", "memo");
                        return store.createOrResume(own, new NewRun(p, plan(p, "races", "memo"), "node",
                                Set.of(table("races"))));
                    }
                };
                results.add(pool.submit(submitOnce));
            }
            List<Submission.Outcome> outcomes = new ArrayList<>();
            for (Future<Submission> f : results) {
                outcomes.add(f.get().outcome());
            }
            assertEquals(1, outcomes.stream().filter(o -> o == Submission.Outcome.CREATED).count(), outcomes.toString());
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = 'racing-run'"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runsInTheCallersTransactionWhenAutocommitIsOff() throws SQLException {
        c.setAutoCommit(false);
        RunRecord run = submit("tx-run", "tx_table", "memo").run();
        c.rollback();
        c.setAutoCommit(true);
        assertTrue(store.find(c, run.id()).isEmpty(), "the caller's rollback removed the run");
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.run_table WHERE table_name = 'tx_table'"));
    }
}
