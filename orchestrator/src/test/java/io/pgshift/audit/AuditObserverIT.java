package io.pgshift.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgshift.run.StateSchema;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class AuditObserverIT {
    @BeforeAll
    static void migrate(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            StateSchema.migrate(c);
        }
    }

    @Test
    void observerSeesTheAppendedRow(TestDatabase db) throws SQLException {
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        AuditLog log = new AuditLog(Clock.systemUTC(), seen::add);
        try (Connection c = db.connect()) {
            AuditRecord written = log.append(c, new AuditEntry("alice", AuditAction.SUBMITTED, 7L, Map.of("playbook", "p")));
            assertEquals(List.of(written), seen);
        }
    }

    @Test
    void throwingObserverNeverFailsTheAppendAndIsCounted(TestDatabase db) throws SQLException {
        List<AuditRecord> second = new CopyOnWriteArrayList<>();
        AuditObserver broken = r -> {
            throw new IllegalStateException("observer bug");
        };
        AuditLog log = new AuditLog(Clock.systemUTC(), AuditObserver.all(List.of(broken, second::add)));
        try (Connection c = db.connect()) {
            AuditRecord written = log.append(c, AuditEntry.of("alice", AuditAction.PAUSED, 8L));
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE id = " + written.id()));
            assertEquals(List.of(written), second, "an observer after a failing one still hears");
            assertEquals(1, log.observerFailures());
        }
    }

    @Test
    void observerMaySeeAnEntryWhoseTransactionRollsBack(TestDatabase db) throws SQLException {
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        AuditLog log = new AuditLog(Clock.systemUTC(), seen::add);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            AuditRecord written = log.append(c, AuditEntry.of("alice", AuditAction.CANCELLED, 9L));
            c.rollback();
            assertEquals(List.of(written), seen);
            assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE id = " + written.id()));
        }
    }
}
