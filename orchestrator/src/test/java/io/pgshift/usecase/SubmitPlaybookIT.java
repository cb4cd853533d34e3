package io.pgshift.usecase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.catalog.PlanRejectedException;
import io.pgshift.db.Connections;
import io.pgshift.engine.EngineContext;
import io.pgshift.engine.OperatorRequests;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.ChangedPlaybookException;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.RunState;
import io.pgshift.run.StateSchema;
import io.pgshift.run.Submission.Outcome;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import io.pgshift.usecase.SubmitRequest.Approval;
import io.pgshift.usecase.SubmitRequest.RunOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The one submission use case on real PostgreSQL, with the inputs a local apply and the daemon
 * give it: what each surface prints or answers is read from these results (a new run, the same
 * unfinished run resumed, an applied playbook reported, a changed one refused).
 */
@ExtendWith(PgDatabaseExtension.class)
class SubmitPlaybookIT {
    /** A playbook of its own for each test (the database is the class's): it adds a column to {@code table}. */
    private static String yaml(String table) {
        return "name: add-nickname-" + table.replace('_', '-') + "\n"
                + "expand:\n"
                + "  - add_column: {table: " + table + ", column: nickname, type: text}\n";
    }

    /** A host on the test database whose drivers are only counted: nothing drives the runs here. */
    private static final class CountingHost implements RunHost {
        final List<Long> started = new ArrayList<>();
        private final TestDatabase db;
        private final EngineContext context;

        CountingHost(TestDatabase db) {
            this.db = db;
            this.context = EngineContext.offline(db.url(), db.url(), "test-node", Clock.systemUTC());
        }

        @Override
        public String name() {
            return "staging";
        }

        @Override
        public EngineContext context() {
            return context;
        }

        @Override
        public Connection connect(String purpose) throws SQLException {
            Connection c = Connections.open(db.url());
            StateSchema.migrate(c);
            return c;
        }

        @Override
        public void startDriver(long runId) {
            started.add(runId);
        }
    }

    private static Playbook playbook(String yaml) {
        return new PlaybookParser().parse("playbook.yaml", yaml);
    }

    /** As {@code pgshift apply} asks (no options). */
    private static SubmitRequest local(Playbook playbook) {
        return SubmitRequest.local(playbook, "alice", RunPolicy.NONE, Set.of(), BackupRequest.NONE);
    }

    /** As {@code POST /api/v1/targets/staging/runs} asks. */
    private static SubmitRequest daemon(Playbook playbook, Approval approval) {
        return SubmitRequest.daemon(playbook, "ci-token", RunPolicy.NONE, BackupRequest.NONE, approval);
    }

    /** Moves a PENDING run through expand, backfill and verify, then through {@code then}, as its driver would. */
    private static void advance(CountingHost host, long runId, RunState... then) throws SQLException {
        List<RunState> path = new ArrayList<>(List.of(RunState.PENDING, RunState.EXPANDING, RunState.BACKFILLING,
                RunState.VERIFYING));
        path.addAll(List.of(then));
        try (Connection c = host.connect("test")) {
            for (int i = 1; i < path.size(); i++) {
                host.context().runs().transition(c, runId, path.get(i - 1), path.get(i), null);
            }
        }
    }

    private static void createTable(TestDatabase db, String table) {
        db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text)");
    }

    private static long audited(TestDatabase db, long runId, String action) {
        return db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE run_id = " + runId + " AND action = '"
                + action + "'");
    }

    @Test
    void aNewPlaybookIsANewRunAuditedSubmittedWithItsDriverStarted(TestDatabase db) throws Exception {
        createTable(db, "created");
        CountingHost host = new CountingHost(db);

        SubmitResult result = new SubmitPlaybook(host, Clock.systemUTC()).submit(daemon(playbook(yaml("created")),
                Approval.NOT_REQUIRED));

        long runId = result.run().id();
        assertEquals(Outcome.CREATED, result.outcome());
        assertEquals(RunState.PENDING, result.run().state());
        assertEquals(List.of(runId), host.started, "the host drives the new run");
        assertEquals("staging ci-token", db.queryValue("SELECT concat_ws(' ', details->>'target', actor)"
                + " FROM pgshift.audit_log WHERE action = 'SUBMITTED' AND run_id = " + runId),
                "the daemon's SUBMITTED row names its target");
    }

    @Test
    void aLocalSubmissionAuditsThePlaybookAloneAndItsBreakGlass(TestDatabase db) throws Exception {
        createTable(db, "glass");
        CountingHost host = new CountingHost(db);
        SubmitRequest request = SubmitRequest.local(playbook(yaml("glass")), "alice", RunPolicy.NONE,
                Set.of(RunOption.HOLD_BEFORE_CONTRACT), BackupRequest.NONE)
                .withBreakGlass(Optional.of(new BreakGlass("outage", "approval required", List.of("an approval"))));

        SubmitResult result = new SubmitPlaybook(host, Clock.systemUTC()).submit(request);

        long runId = result.run().id();
        assertEquals(Outcome.CREATED, result.outcome());
        assertTrue(result.run().policy().holdBeforeContract(), "the option is recorded with the run");
        assertEquals("f f t", db.queryValue("SELECT concat_ws(' ', details ? 'target', details ? 'policy',"
                + " details ? 'yaml') FROM pgshift.audit_log WHERE action = 'SUBMITTED' AND run_id = " + runId),
                "a local SUBMITTED row names no target and no policy");
        assertEquals("outage", db.queryValue("SELECT details->>'reason' FROM pgshift.audit_log"
                + " WHERE action = 'BREAK_GLASS' AND run_id = " + runId));
    }

    @Test
    void theSameUnfinishedPlaybookResumesItsRun(TestDatabase db) throws Exception {
        createTable(db, "resumed");
        CountingHost host = new CountingHost(db);
        SubmitPlaybook submit = new SubmitPlaybook(host, Clock.systemUTC());
        long runId = submit.submit(local(playbook(yaml("resumed")))).run().id();
        EngineContext ctx = host.context();
        try (Connection c = host.connect("test")) {
            ctx.runs().transition(c, runId, RunState.PENDING, RunState.EXPANDING, null);
            new OperatorRequests(ctx.runs(), ctx.audit()).pause(c, runId, "alice");
        }

        SubmitResult again = submit.submit(daemon(playbook(yaml("resumed")), Approval.NOT_REQUIRED));

        assertEquals(Outcome.RESUMED, again.outcome());
        assertEquals(runId, again.run().id());
        assertEquals(RunState.PAUSED, again.found().state(), "what the CLI says it resumes from");
        assertEquals(RunState.EXPANDING, again.run().state(), "back to the phase it stopped in");
        assertEquals(1L, audited(db, runId, "RESUMED"));
        assertEquals(1L, audited(db, runId, "SUBMITTED"), "a resubmission is not a new submission");
        assertEquals(List.of(runId, runId), host.started);
    }

    @Test
    void aSucceededPlaybookIsReportedAlreadyAppliedAndNothingStarts(TestDatabase db) throws Exception {
        createTable(db, "applied");
        CountingHost host = new CountingHost(db);
        SubmitPlaybook submit = new SubmitPlaybook(host, Clock.systemUTC());
        long runId = submit.submit(local(playbook(yaml("applied")))).run().id();
        advance(host, runId, RunState.CONTRACTING, RunState.SUCCEEDED);
        host.started.clear();

        SubmitResult again = submit.submit(local(playbook(yaml("applied"))));

        assertEquals(Outcome.ALREADY_APPLIED, again.outcome());
        assertEquals(runId, again.run().id());
        assertEquals(RunState.SUCCEEDED, again.run().state());
        assertEquals(List.of(), host.started);
    }

    @Test
    void aChangedPlaybookUnderAUsedNameIsRefusedAndCreatesNothing(TestDatabase db) throws Exception {
        createTable(db, "changed");
        CountingHost host = new CountingHost(db);
        SubmitPlaybook submit = new SubmitPlaybook(host, Clock.systemUTC());
        long runId = submit.submit(local(playbook(yaml("changed")))).run().id();

        Playbook changed = playbook(yaml("changed").replace("type: text", "type: varchar(40)"));
        assertThrows(ChangedPlaybookException.class, () -> submit.submit(daemon(changed, Approval.NOT_REQUIRED)));
        assertEquals(1L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = '" + changed.name() + "'"));
        assertEquals(1L, audited(db, runId, "SUBMITTED"));
    }

    @Test
    void aPlaybookTheCatalogRefusesCreatesNoRun(TestDatabase db) throws Exception {
        CountingHost host = new CountingHost(db);
        Playbook missing = playbook(yaml("missing"));

        assertThrows(PlanRejectedException.class,
                () -> new SubmitPlaybook(host, Clock.systemUTC()).submit(local(missing)));
        assertEquals(0L, db.queryLong("SELECT count(*) FROM pgshift.run WHERE playbook_name = '" + missing.name() + "'"),
                "the table does not exist: planned, refused");
        assertEquals(List.of(), host.started);
    }

    @Test
    void aRunNeedingApprovalWaitsForItWithoutADriver(TestDatabase db) throws Exception {
        createTable(db, "approved");
        CountingHost host = new CountingHost(db);

        SubmitResult result = new SubmitPlaybook(host, Clock.systemUTC()).submit(daemon(playbook(yaml("approved")),
                Approval.REQUIRED));

        assertEquals(Outcome.CREATED, result.outcome());
        assertEquals(RunState.AWAITING_APPROVAL, result.run().state());
        assertEquals("approval_required", db.queryValue("SELECT details->>'policy' FROM pgshift.audit_log"
                + " WHERE action = 'APPROVAL_REQUESTED' AND run_id = " + result.run().id()));
        assertEquals(List.of(), host.started, "nothing runs before the approval");
    }

    @Test
    void aHeldRunIsLeftAsItIsLocallyAndRefusedByTheDaemon(TestDatabase db) throws Exception {
        createTable(db, "held");
        CountingHost host = new CountingHost(db);
        SubmitPlaybook submit = new SubmitPlaybook(host, Clock.systemUTC());
        long runId = submit.submit(local(playbook(yaml("held")))).run().id();
        advance(host, runId, RunState.AWAITING_CONTRACT);
        host.started.clear();

        SubmitResult local = submit.submit(local(playbook(yaml("held"))));
        assertTrue(local.held(), "a local apply reports the hold");
        assertEquals(RunState.AWAITING_CONTRACT, local.run().state());
        assertThrows(IllegalTransitionException.class, () -> submit.submit(daemon(playbook(yaml("held")),
                Approval.NOT_REQUIRED)), "the daemon answers 409: complete it instead");
        assertEquals(List.of(), host.started);
    }
}
