package io.pgshift.exec;

import io.pgshift.plan.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps what it heard, for assertions (written from the executing thread). */
final class Recorder implements StatementListener {
    final List<SQLException> failures = new CopyOnWriteArrayList<>();
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final List<String> executed = new CopyOnWriteArrayList<>();
    final List<String> skipped = new CopyOnWriteArrayList<>();

    @Override
    public void attemptFailed(Statement statement, int attempt, SQLException error, Duration nextWait) {
        failures.add(error);
        waits.add(nextWait);
    }

    @Override
    public void executed(Statement statement, StatementOutcome outcome) {
        executed.add(statement.sql());
    }

    @Override
    public void skipped(Statement statement) {
        skipped.add(statement.sql());
    }

    List<String> failureStates() {
        return failures.stream().map(SQLException::getSQLState).toList();
    }
}
