package io.pgshift.exec;

import io.pgshift.db.SqlStates;
import static io.pgshift.exec.Executors.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.plan.Phase;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.StepKind;
import io.pgshift.operation.AddUniqueOperation;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.Settings;
import io.pgshift.playbook.TableRef;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class StepExecutorIT {
    private static final Settings PATIENT = settings(Duration.ofMillis(200), 40, Duration.ofMillis(50),
            Duration.ofMillis(200));

    private final TestDatabase db;
    private final Recorder recorder = new Recorder();

    StepExecutorIT(TestDatabase db) {
        this.db = db;
    }

    private static PlannedStep addUnique(String table, String column, String name) {
        var op = new AddUniqueOperation(new AddUnique(new TableRef("public", table), List.of(column), name));
        return new PlannedStep(0, Phase.CONTRACT, StepKind.ADD_UNIQUE, "contract[0].add_unique", op.summary(),
                op.apply(), false, null);
    }

    private String indexValid(String index) {
        Object v = db.queryValue("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('public." + index + "')");
        return String.valueOf(v);
    }

    private static List<StatementOutcome.Status> statuses(List<StatementOutcome> outcomes) {
        return outcomes.stream().map(StatementOutcome::status).toList();
    }

    @Test
    void rerunningAStepDropsTheInvalidIndexOfAFailedUniqueBuildAndEndsValid() throws Exception {
        db.execute("CREATE TABLE people (id int PRIMARY KEY, email text);"
                + " INSERT INTO people VALUES (1, 'a@x'), (2, 'a@x'), (3, 'b@x')");
        PlannedStep step = addUnique("people", "email", "people_email_key");
        try (var statements = new StatementExecutor(new Executors.RecordingSource(db))) {
            var steps = new StepExecutor(statements);

            var failed = assertThrows(StatementFailedException.class, () -> steps.execute(step, PATIENT, recorder));
            assertEquals(SqlStates.UNIQUE_VIOLATION, failed.sqlState());
            assertEquals(1, failed.attempts(), "a duplicate is not retried");
            assertEquals("false", indexValid("people_email_key"), "the failed build left its index, INVALID");

            db.execute("DELETE FROM people WHERE id = 2");
            var outcomes = steps.execute(step, PATIENT, recorder);

            assertEquals(List.of(StatementOutcome.Status.EXECUTED, StatementOutcome.Status.EXECUTED,
                    StatementOutcome.Status.EXECUTED), statuses(outcomes), "drop leftover, build, attach");
            assertEquals("true", indexValid("people_email_key"));
            assertEquals(1, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'people_email_key'"
                    + " AND contype = 'u'"));

            assertEquals(List.of(StatementOutcome.Status.SKIPPED, StatementOutcome.Status.SKIPPED,
                    StatementOutcome.Status.SKIPPED), statuses(steps.execute(step, PATIENT, recorder)),
                    "a finished step is a no-op");
        }
    }

    /**
     * A concurrent build that times out waiting for an old snapshot leaves an INVALID index; retried
     * alone, {@code IF NOT EXISTS} would skip it and report success. The step restarts instead.
     */
    @Test
    void aConcurrentBuildThatHitsLockTimeoutIsRetriedFromTheStepsFirstStatement() throws Exception {
        db.execute("CREATE TABLE members (id int PRIMARY KEY, code text); CREATE TABLE elsewhere (id int);"
                + " INSERT INTO members SELECT g, 'c' || g FROM generate_series(1, 200) g");
        PlannedStep step = addUnique("members", "code", "members_code_key");
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (Connection oldSnapshot = db.connect();
             var statements = new StatementExecutor(new Executors.RecordingSource(db))) {
            oldSnapshot.setAutoCommit(false);
            oldSnapshot.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            oldSnapshot.createStatement().execute("SELECT count(*) FROM elsewhere");
            var release = timer.schedule(() -> {
                oldSnapshot.commit();
                return null;
            }, 1200, TimeUnit.MILLISECONDS);

            var outcomes = new StepExecutor(statements).execute(step, PATIENT, recorder);
            release.get(5, TimeUnit.SECONDS);

            assertFalse(recorder.failures.isEmpty(), "the build waited for the old snapshot and timed out");
            assertTrue(recorder.failureStates().stream().allMatch(SqlStates.LOCK_NOT_AVAILABLE::equals),
                    recorder.failureStates().toString());
            String drop = step.statements().get(0).sql();
            assertTrue(recorder.executed.contains(drop), "the leftover was dropped before a retry: " + recorder.executed);
            assertEquals(StatementOutcome.Status.EXECUTED, outcomes.get(1).status());
            assertTrue(outcomes.get(1).attempts() > 1);
            assertEquals("true", indexValid("members_code_key"));
            assertEquals(1, db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'members_code_key'"));
        } finally {
            timer.shutdownNow();
        }
    }
}
