package io.pgshift.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.StateMigrations;
import io.pgshift.store.SchemaMigrator;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyed chain against the role it audits: someone who can rewrite pgshift.audit_log (here a
 * superuser switching its trigger off) and recompute plain SHA-256 hashes, but has no key.
 */
@ExtendWith(PgDatabaseExtension.class)
class KeyedAuditIT {
    @TempDir
    Path dir;
    private TestDatabase db;
    private Connection c;
    private Path keyFile;
    private AuditKey key;
    private AuditLog keyed;

    @BeforeAll
    static void migrate(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            SchemaMigrator.migrate(c, StateMigrations.ORCHESTRATOR);
        }
    }

    @BeforeEach
    void emptyLogAndKey(TestDatabase db) throws Exception {
        this.db = db;
        this.c = db.connect();
        tamper("TRUNCATE pgshift.audit_log");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        keyFile = Files.writeString(dir.resolve("audit.key"), Base64.getEncoder().encodeToString(random) + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        key = AuditKey.read(keyFile);
        keyed = new AuditLog(Clock.systemUTC(), AuditObserver.NONE, Optional.of(key));
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private void tamper(String sql) {
        AuditTampering.tamper(db, sql);
    }

    private List<AuditRecord> append(AuditLog log, int n) throws SQLException {
        List<AuditRecord> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(log.append(c, new AuditEntry("alice", AuditAction.KNOB_CHANGED, 1L,
                    Map.of("knob", "batch.size", "to", 500 + i))));
        }
        return rows;
    }

    /** What the attacker does after editing: recompute every hash from {@code from} on, without the key. */
    private void recomputePlain(List<AuditRecord> rows, int from) {
        AuditTampering.recomputePlain(db, rows, from);
    }

    private VerificationResult verify() throws SQLException {
        return new AuditVerifier(Optional.of(key)).verify(c);
    }

    @Test
    void aKeyedChainVerifiesWithItsKeyAndNotAsAPlainChain() throws Exception {
        append(keyed, 5);
        VerificationResult result = verify();
        assertTrue(result.ok(), result.reason());
        assertEquals(0, result.unkeyedRows());
        VerificationResult plain = new AuditVerifier().verify(c);
        assertFalse(plain.ok());
        assertTrue(plain.reason().contains("written with an audit key: verify with --audit-key-file"), plain.reason());
    }

    @Test
    void aChangedDetailWithPlainHashesRecomputedFailsNamingTheRow() throws Exception {
        List<AuditRecord> rows = append(keyed, 5);
        tamper("UPDATE pgshift.audit_log SET details = '{\"knob\": \"batch.size\", \"to\": 1}' WHERE id = " + rows.get(2).id());
        recomputePlain(rows, 2);

        VerificationResult result = verify();
        assertFalse(result.ok());
        assertEquals(rows.get(2).id(), result.firstBadId());
        assertTrue(result.reason().contains("hashed without the audit key but follows keyed row " + rows.get(0).id()),
                result.reason());

        Cli.Result cli = Cli.run("audit", "verify", "--audit-key-file", keyFile.toString(), "--database-url",
                db.jdbcUrlForChild());
        assertEquals(10, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.firstErrorLine().contains("audit log tampered at row " + rows.get(2).id()), cli.err());
    }

    @Test
    void aChangedDetailLeftWithItsOldHashFailsNamingTheRow() throws Exception {
        List<AuditRecord> rows = append(keyed, 5);
        tamper("UPDATE pgshift.audit_log SET details = '{\"knob\": \"batch.size\", \"to\": 1}' WHERE id = " + rows.get(3).id());

        VerificationResult result = verify();
        assertFalse(result.ok());
        assertEquals(rows.get(3).id(), result.firstBadId());
        assertTrue(result.reason().contains("was changed after it was written"), result.reason());
    }

    @Test
    void aDeletedRowFailsWhetherOrNotTheRestIsRecomputed() throws Exception {
        List<AuditRecord> rows = append(keyed, 5);
        tamper("DELETE FROM pgshift.audit_log WHERE id = " + rows.get(2).id());
        VerificationResult deleted = verify();
        assertFalse(deleted.ok());
        assertEquals(rows.get(3).id(), deleted.firstBadId());

        recomputePlain(rows, 3);
        VerificationResult recomputed = verify();
        assertFalse(recomputed.ok());
        assertEquals(rows.get(3).id(), recomputed.firstBadId());
    }

    @Test
    void aChainRewrittenInFullWithoutTheKeyFails() throws Exception {
        List<AuditRecord> rows = append(keyed, 5);
        tamper("UPDATE pgshift.audit_log SET actor = 'mallory' WHERE id = " + rows.get(1).id());
        recomputePlain(rows, 0);

        assertTrue(new AuditVerifier().verify(c).ok(), "a plain chain is fooled");
        VerificationResult result = verify();
        assertFalse(result.ok());
        assertTrue(result.reason().contains("no row is keyed"), result.reason());
    }

    @Test
    void rowsWrittenBeforeTheKeyAreReportedUnkeyedPriorToTheFirstKeyedRow() throws Exception {
        append(new AuditLog(Clock.systemUTC(), AuditObserver.NONE, Optional.empty()), 2);
        List<AuditRecord> later = append(keyed, 3);

        VerificationResult result = verify();
        assertTrue(result.ok(), result.reason());
        assertEquals(2, result.unkeyedRows());
        assertEquals("2 rows unkeyed, prior to " + later.get(0).id(), result.unkeyedNote());

        Cli.Result cli = Cli.run("audit", "verify", "--audit-key-file", keyFile.toString(), "--database-url",
                db.jdbcUrlForChild());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("(2 rows unkeyed, prior to " + later.get(0).id() + ")"), cli.out());
    }

    @Test
    void aKeyFileOthersCanReadOrATooShortKeyIsRefused() throws Exception {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        var readable = assertThrows(PgshiftException.class, () -> AuditKey.read(keyFile));
        assertTrue(readable.getMessage().contains("is readable by every user"), readable.getMessage());
        Path shortKey = Files.writeString(dir.resolve("short.key"), "secret\n");
        Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));
        var tooShort = assertThrows(PgshiftException.class, () -> AuditKey.read(shortKey));
        assertTrue(tooShort.getMessage().contains("needs at least 32"), tooShort.getMessage());
    }

    @Test
    void aMissingAnchorFileFailsVerification() throws Exception {
        append(keyed, 2);
        Cli.Result cli = Cli.run("audit", "verify", "--anchors", dir.resolve("gone.anchors").toString(),
                "--audit-key-file", keyFile.toString(), "--database-url", db.jdbcUrlForChild());
        assertTrue(cli.exitCode() != 0, cli.out());
        assertTrue(cli.firstErrorLine().contains("anchor file " + dir.resolve("gone.anchors") + " does not exist"), cli.err());
    }

    @Test
    void everyAnchorOfARowMustHoldNotOnlyItsLast() throws Exception {
        // a plain chain: the anchors alone must catch the rewrite
        List<AuditRecord> rows = append(new AuditLog(Clock.systemUTC(), AuditObserver.NONE, Optional.empty()), 3);
        AuditRecord head = rows.get(2);
        AnchorFile anchors = new AnchorFile(dir.resolve("t.anchors"));
        anchors.append(new AuditAnchor(head.id(), head.hash(), Instant.now()));
        // the log rewritten since, and its new head anchored again under the same id
        tamper("UPDATE pgshift.audit_log SET actor = 'mallory' WHERE id = " + head.id());
        recomputePlain(rows, 2);
        String rewritten = (String) db.queryValue("SELECT hash FROM pgshift.audit_log WHERE id = " + head.id());
        anchors.append(new AuditAnchor(head.id(), rewritten, Instant.now()));

        VerificationResult result = new AuditVerifier().verify(c, anchors.read());
        assertFalse(result.ok());
        assertEquals(head.id(), result.firstBadId());
        assertTrue(result.reason().contains("is not the row anchored at"), result.reason());
    }
}
