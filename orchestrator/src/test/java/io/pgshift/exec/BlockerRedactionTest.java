package io.pgshift.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.audit.Disclosure;
import io.pgshift.audit.Redactable;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Another session's query text reaches the operator's error, not the audit log. */
class BlockerRedactionTest {
    private static final String QUERY = "UPDATE users SET email = 'alice@example.com' WHERE id = 7";
    private static final Blocker HOLDER = new Blocker(4242, "billing", "idle in transaction", "RowExclusiveLock", true,
            Duration.ofMinutes(12), Duration.ofMinutes(11), QUERY, List.of(), null);
    private static final Statement ALTER = new Statement("ALTER TABLE users ADD COLUMN locale text", "users",
            LockMode.ACCESS_EXCLUSIVE, TableImpact.METADATA, TxMode.TRANSACTION, Statement.TimeoutClass.SHORT, null);

    @Test
    void lockRetriesExhaustedQuotesTheHoldersQueryOnlyInFull() {
        var e = new LockRetriesExhaustedException(ALTER, new LockAttempts(5, Duration.ofSeconds(9), Retryable.LOCK_TIMEOUT,
                List.of(HOLDER), new SQLException("canceling statement due to lock timeout", "55P03")));

        assertTrue(e.getMessage().contains(QUERY), e.getMessage());
        assertEquals(e.getMessage(), e.message(Disclosure.FULL));
        String redacted = e.message(Disclosure.REDACTED);
        assertFalse(redacted.contains("alice@example.com"), redacted);
        assertTrue(redacted.contains("(pid 4242, app 'billing') holds RowExclusiveLock on users; last query: <redacted>"),
                redacted);
        assertTrue(Redactable.firstLine(e, Disclosure.REDACTED).contains("pg_terminate_backend(4242)"), redacted);
    }

    @Test
    void aLongHolderRetriedErrorIsRedactedInItsFirstLineAndInsideTheGiveUp() {
        var holder = new LongHolderException(ALTER, HOLDER);
        assertTrue(holder.getMessage().contains(QUERY));
        assertFalse(Redactable.firstLine(holder, Disclosure.REDACTED).contains("alice@example.com"));

        var e = new LockRetriesExhaustedException(ALTER, new LockAttempts(5, Duration.ofSeconds(9), Retryable.LOCK_TIMEOUT,
                List.of(), holder));
        assertTrue(e.getMessage().contains("last error: 55P03 not requesting"), e.getMessage());
        assertFalse(e.message(Disclosure.REDACTED).contains("alice@example.com"), e.message(Disclosure.REDACTED));
    }
}
