package io.pgshift.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditHashTest {
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00.120Z");

    @Test
    void keyOrderOfTheDetailsDoesNotMatter() {
        assertEquals(AuditHash.of(new HashedRow(null, 1, AT, "alice", "PAUSED", 3L,
                        "{\"b\": 1, \"a\": {\"y\": 2, \"x\": 3}}")),
                AuditHash.of(new HashedRow(null, 1, AT, "alice", "PAUSED", 3L,
                        "{\"a\": {\"x\": 3, \"y\": 2}, \"b\": 1}")));
    }

    @Test
    void everyFieldAndTheLinkAreCovered() {
        String base = AuditHash.of(new HashedRow("ab", 1, AT, "alice", "PAUSED", 3L, "{}"));
        assertNotEquals(base, AuditHash.of(new HashedRow("ac", 1, AT, "alice", "PAUSED", 3L, "{}")));
        assertNotEquals(base, AuditHash.of(new HashedRow(null, 1, AT, "alice", "PAUSED", 3L, "{}")));
        assertNotEquals(base, AuditHash.of(new HashedRow("ab", 2, AT, "alice", "PAUSED", 3L, "{}")));
        assertNotEquals(base,
                AuditHash.of(new HashedRow("ab", 1, AT.plusNanos(1000), "alice", "PAUSED", 3L, "{}")));
        assertNotEquals(base, AuditHash.of(new HashedRow("ab", 1, AT, "bob", "PAUSED", 3L, "{}")));
        assertNotEquals(base, AuditHash.of(new HashedRow("ab", 1, AT, "alice", "RESUMED", 3L, "{}")));
        assertNotEquals(base, AuditHash.of(new HashedRow("ab", 1, AT, "alice", "PAUSED", null, "{}")));
        assertNotEquals(base,
                AuditHash.of(new HashedRow("ab", 1, AT, "alice", "PAUSED", 3L, "{\"x\": 1}")));
    }

    @Test
    void theHashIsStableAcrossReleases() {
        // Changing the canonical form breaks every existing chain: this golden value must never change.
        // It is sha256 of "\n" + {"action":"PAUSED","actor":"alice","at":"2024-05-01T10:00:00.120000Z",
        // "details":{"n":1.50},"id":1,"run_id":3} (computed with sha256sum, not with this code).
        assertEquals("ab4f8df97d2ddea6c5a6d175e591cb37a128aae2adf901827669d2960d3ef9df",
                AuditHash.of(new HashedRow(null, 1, AT, "alice", "PAUSED", 3L, "{\"n\": 1.50}")));
    }
}
