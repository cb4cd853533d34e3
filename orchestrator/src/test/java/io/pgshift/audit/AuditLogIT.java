package io.pgshift.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.run.StateMigrations;
import io.pgshift.store.SchemaMigrator;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class AuditLogIT {
    private final AuditLog log = new AuditLog(Clock.systemUTC());
    private final AuditVerifier verifier = new AuditVerifier();
    private TestDatabase db;
    private Connection c;

    @BeforeAll
    static void migrate(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c, StateMigrations.ORCHESTRATOR);
        }
    }

    /** Every test starts from an empty log; emptying it needs the trigger off, as tampering does. */
    @BeforeEach
    void emptyLog(TestDatabase db) throws SQLException {
        this.db = db;
        this.c = db.connect();
        tamper("TRUNCATE pgshift.audit_log");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    /** What a superuser can do: switch the append-only trigger off, change rows, switch it on again. */
    private void tamper(String sql) {
        AuditTampering.tamper(db, sql);
    }

    private List<AuditRecord> appendFive() throws SQLException {
        List<AuditRecord> rows = new ArrayList<>();
        rows.add(log.append(c, new AuditEntry("alice", AuditAction.SUBMITTED, 1L, Map.of("playbook", "users-prefs"))));
        rows.add(log.append(c, new AuditEntry("bob", AuditAction.APPROVED, 1L, Map.of())));
        rows.add(log.append(c, new AuditEntry("node-1", AuditAction.STATEMENT_EXECUTED, 1L,
                Map.of("sql", "ALTER TABLE \"users\" ADD COLUMN \"preferences\" jsonb", "ms", 12, "attempts", 1))));
        rows.add(log.append(c, new AuditEntry("alice", AuditAction.KNOB_CHANGED, 1L,
                Map.of("knob", "batch.size", "from", 2000, "to", 500))));
        rows.add(log.append(c, AuditEntry.of("node-1", AuditAction.SUCCEEDED, 1L)));
        return rows;
    }

    @Test
    void eachRowLinksToThePreviousRowsHash() throws SQLException {
        List<AuditRecord> rows = appendFive();
        assertNull(rows.get(0).prevHash());
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(rows.get(i - 1).hash(), rows.get(i).prevHash());
            assertTrue(rows.get(i).id() > rows.get(i - 1).id());
        }
        assertEquals(5, db.queryLong("SELECT count(DISTINCT hash) FROM pgshift.audit_log"));
    }

    @Test
    void anUntouchedLogVerifies() throws SQLException {
        List<AuditRecord> rows = appendFive();
        VerificationResult result = verifier.verify(c);
        assertTrue(result.ok(), result.toString());
        assertEquals(5, result.checkedRows());
        assertNull(result.firstBadId());
        assertEquals(rows.get(4).hash(), result.headHash());
    }

    @Test
    void anEmptyLogVerifies() throws SQLException {
        VerificationResult result = verifier.verify(c);
        assertTrue(result.ok());
        assertEquals(0, result.checkedRows());
    }

    @Test
    void valuesThatJsonbNormalisesStillVerify() throws SQLException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("zeta", 1.0e20);
        details.put("alpha", 0.25);
        details.put("scale", new java.math.BigDecimal("1.50"));
        details.put("nested", Map.of("b", List.of(1, "two", true), "a", "\u00e9\u00e0 \"quoted\""));
        details.put("none", null);
        AuditLog fixedClock = new AuditLog(Clock.fixed(Instant.parse("2024-05-01T10:00:00.123456789Z"), ZoneOffset.UTC));
        AuditRecord row = fixedClock.append(c, new AuditEntry("alice", AuditAction.KNOB_CHANGED, null, details));
        assertEquals(Instant.parse("2024-05-01T10:00:00.123456Z"), row.at(), "stored with microseconds, as hashed");
        VerificationResult result = verifier.verify(c);
        assertTrue(result.ok(), result.toString());
    }

    @Test
    void anEditedRowIsNamed() throws SQLException {
        List<AuditRecord> rows = appendFive();
        long edited = rows.get(2).id();
        tamper("UPDATE pgshift.audit_log SET details = jsonb_set(details, '{ms}', '1') WHERE id = " + edited);
        VerificationResult result = verifier.verify(c);
        assertFalse(result.ok());
        assertEquals(edited, result.firstBadId());
        assertEquals(3, result.checkedRows());
        assertTrue(result.reason().contains("row " + edited + " (STATEMENT_EXECUTED by node-1) was changed"),
                result.reason());
    }

    @Test
    void anEditedActorIsNamedToo() throws SQLException {
        List<AuditRecord> rows = appendFive();
        long edited = rows.get(1).id();
        tamper("UPDATE pgshift.audit_log SET actor = 'mallory' WHERE id = " + edited);
        assertEquals(edited, verifier.verify(c).firstBadId());
    }

    @Test
    void aDeletedRowIsFoundAtTheRowAfterTheGap() throws SQLException {
        List<AuditRecord> rows = appendFive();
        tamper("DELETE FROM pgshift.audit_log WHERE id = " + rows.get(2).id());
        VerificationResult result = verifier.verify(c);
        assertFalse(result.ok());
        assertEquals(rows.get(3).id(), result.firstBadId());
        assertTrue(result.reason().contains("does not follow row " + rows.get(1).id()), result.reason());
    }

    @Test
    void deletedFirstRowsAreFound() throws SQLException {
        List<AuditRecord> rows = appendFive();
        tamper("DELETE FROM pgshift.audit_log WHERE id <= " + rows.get(1).id());
        VerificationResult result = verifier.verify(c);
        assertEquals(rows.get(2).id(), result.firstBadId());
        assertTrue(result.reason().contains("the rows before it were deleted"), result.reason());
    }

    @Test
    void aForgedRowWithAMadeUpHashIsFound() throws SQLException {
        List<AuditRecord> rows = appendFive();
        String last = rows.get(4).hash();
        db.execute("INSERT INTO pgshift.audit_log (actor, action, run_id, details, prev_hash, hash) VALUES"
                + " ('bob', 'APPROVED', 1, '{}', '" + last + "', repeat('0', 64))");
        VerificationResult result = verifier.verify(c);
        assertFalse(result.ok());
        assertEquals(6, result.checkedRows());
        assertTrue(result.reason().contains("was changed after it was written"), result.reason());
    }

    @Test
    void aRowForgedIntoTheMiddleWithAValidHashBreaksTheNextLink() throws SQLException {
        AuditRecord first = log.append(c, AuditEntry.of("alice", AuditAction.SUBMITTED, 7L));
        // a rolled-back append leaves an id gap, which is no tampering by itself...
        c.setAutoCommit(false);
        AuditRecord lost = log.append(c, AuditEntry.of("alice", AuditAction.CANCELLED, 7L));
        c.rollback();
        c.setAutoCommit(true);
        AuditRecord third = log.append(c, AuditEntry.of("node-1", AuditAction.STARTED, 7L));
        assertEquals(first.hash(), third.prevHash());
        assertTrue(verifier.verify(c).ok(), "an id gap alone is not tampering");
        // ...but a row forged into that gap, even hashed with the public algorithm, breaks the next link
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        String hash = AuditHash.of(new HashedRow(first.hash(), lost.id(), at, "bob", "APPROVED", 7L, "{}"));
        db.execute("INSERT INTO pgshift.audit_log (id, at, actor, action, run_id, details, prev_hash, hash) VALUES ("
                + lost.id() + ", '" + at + "', 'bob', 'APPROVED', 7, '{}', '" + first.hash() + "', '" + hash + "')");
        VerificationResult result = verifier.verify(c);
        assertFalse(result.ok());
        assertEquals(third.id(), result.firstBadId());
    }

    private AnchorFile anchorHead(java.nio.file.Path dir) throws Exception {
        AnchorFile anchors = new AnchorFile(dir.resolve("target.anchors"));
        anchors.append(AuditHead.read(c, Clock.systemUTC()).orElseThrow());
        return anchors;
    }

    @Test
    void rowsDeletedAtTheEndAreFoundOnlyWithAnAnchor(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<AuditRecord> rows = appendFive();
        AnchorFile anchors = anchorHead(dir);
        assertEquals(rows.get(4).id(), anchors.read().get(0).id());
        tamper("DELETE FROM pgshift.audit_log WHERE id >= " + rows.get(3).id());
        assertTrue(verifier.verify(c).ok(), "the chain alone cannot tell its end is gone");
        VerificationResult result = verifier.verify(c, anchors.read());
        assertFalse(result.ok());
        assertEquals(rows.get(4).id(), result.firstBadId());
        assertTrue(result.reason().contains("is missing: the log ends at row " + rows.get(2).id()
                + ", so rows at its end were deleted"), result.reason());
    }

    @Test
    void aChainRewrittenWithRecomputedHashesIsFoundByItsAnchor(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<AuditRecord> rows = appendFive();
        AnchorFile anchors = anchorHead(dir);
        // a superuser rewrites row 3 and recomputes every hash after it with the public algorithm
        tamper("UPDATE pgshift.audit_log SET actor = 'mallory' WHERE id = " + rows.get(2).id());
        AuditTampering.recomputePlain(db, rows, 2);
        assertTrue(verifier.verify(c).ok(), "a consistent rewrite fools the chain");
        VerificationResult result = verifier.verify(c, anchors.read());
        assertFalse(result.ok());
        assertEquals(rows.get(4).id(), result.firstBadId());
        assertTrue(result.reason().contains("is not the row anchored at"), result.reason());
    }

    @Test
    void aLogThatGrewPastItsAnchorsVerifies(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        appendFive();
        AnchorFile anchors = anchorHead(dir);
        log.append(c, AuditEntry.of("node-1", AuditAction.STARTED, 2L));
        anchors.append(AuditHead.read(c, Clock.systemUTC()).orElseThrow());
        log.append(c, AuditEntry.of("node-1", AuditAction.SUCCEEDED, 2L));
        VerificationResult result = verifier.verify(c, anchors.read());
        assertTrue(result.ok(), result.toString());
        assertEquals(2, result.anchors());
        assertEquals(7, result.checkedRows());
    }

    @Test
    void plainUpdateDeleteAndTruncateAreRefused() throws SQLException {
        appendFive();
        for (String sql : List.of("DELETE FROM pgshift.audit_log", "UPDATE pgshift.audit_log SET actor = 'x'",
                "TRUNCATE pgshift.audit_log")) {
            SQLException e = assertThrows(SQLException.class, () -> c.createStatement().execute(sql), sql);
            assertEquals("42501", e.getSQLState(), sql);
            assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        }
        assertEquals(5, db.queryLong("SELECT count(*) FROM pgshift.audit_log"));
    }

    @Test
    void theRowCommitsWithTheCallersTransaction() throws SQLException {
        c.setAutoCommit(false);
        log.append(c, AuditEntry.of("alice", AuditAction.PAUSED, 3L));
        c.rollback();
        assertEquals(0, db.queryLong("SELECT count(*) FROM pgshift.audit_log"));
        log.append(c, AuditEntry.of("alice", AuditAction.PAUSED, 3L));
        c.commit();
        c.setAutoCommit(true);
        assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.audit_log"));
    }

    @Test
    void appendRefusesASnapshotOlderThanTheLock() throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        assertThrows(IllegalStateException.class, () -> log.append(c, AuditEntry.of("alice", AuditAction.PAUSED, 3L)));
        c.rollback();
    }

    @Test
    void concurrentAppendsKeepOneValidChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String actor = "node-" + t;
                done.add(pool.submit(() -> {
                    try (Connection own = db.connect()) {
                        for (int i = 0; i < 25; i++) {
                            log.append(own, new AuditEntry(actor, AuditAction.STATEMENT_EXECUTED, 9L, Map.of("i", i)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        VerificationResult result = verifier.verify(c);
        assertTrue(result.ok(), result.toString());
        assertEquals(100, result.checkedRows());
        assertEquals(0, db.queryLong("SELECT count(*) FROM (SELECT prev_hash FROM pgshift.audit_log"
                + " GROUP BY prev_hash HAVING count(*) > 1) forks"));
    }

    @Test
    void queryFiltersByRunActorActionAndTime() throws SQLException {
        appendFive();
        log.append(c, AuditEntry.of("alice", AuditAction.SUBMITTED, 2L));
        AuditQuery query = new AuditQuery();
        assertEquals(5, query.list(c, AuditFilter.forRun(1), 100, 0).size());
        List<AuditRecord> alice = query.list(c, new AuditFilter(null, null, "alice", null), 100, 0);
        assertEquals(List.of(AuditAction.SUBMITTED, AuditAction.KNOB_CHANGED, AuditAction.SUBMITTED),
                alice.stream().map(AuditRecord::action).toList());
        List<AuditRecord> knobs = query.list(c, new AuditFilter(1L, null, null, AuditAction.KNOB_CHANGED), 100, 0);
        assertEquals(Map.of("knob", "batch.size", "from", 2000, "to", 500), knobs.get(0).details());
        assertEquals(0, query.list(c, new AuditFilter(null, Instant.now().plusSeconds(60), null, null), 100, 0).size());
        assertEquals(2, query.list(c, AuditFilter.ALL, 2, 4).size());
    }
}
