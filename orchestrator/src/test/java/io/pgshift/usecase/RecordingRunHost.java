package io.pgshift.usecase;

import io.pgshift.engine.EngineContext;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A host on a test database that records the drivers a use case starts instead of running them. */
final class RecordingRunHost implements RunHost {
    private final TestDatabase db;
    private final EngineContext context;
    private final List<Long> started = new ArrayList<>();

    RecordingRunHost(TestDatabase db) {
        this.db = db;
        this.context = EngineContext.offline(db.url(), db.url(), "usecase-test", Clock.systemUTC());
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public EngineContext context() {
        return context;
    }

    @Override
    public Connection connect(String purpose) throws SQLException {
        return db.connect();
    }

    @Override
    public void startDriver(long runId) {
        started.add(runId);
    }

    /** The runs whose driver was started, in order. */
    List<Long> started() {
        return List.copyOf(started);
    }
}
