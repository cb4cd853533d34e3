package io.pgshift.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

class RetryClassifierTest {
    private static Retryable classify(String state) {
        return RetryClassifier.classify(new SQLException("boom", state));
    }

    @Test
    void lockTimeoutIsRetried() {
        assertEquals(Retryable.LOCK_TIMEOUT, classify("55P03"));
    }

    @Test
    void serializationFailureAndDeadlockAreRetried() {
        assertEquals(Retryable.SERIALIZATION, classify("40001"));
        assertEquals(Retryable.DEADLOCK, classify("40P01"));
    }

    @Test
    void administratorShutdownsAreRetriedOnANewConnection() {
        for (String state : new String[] {"57P01", "57P02", "57P03"}) {
            assertEquals(Retryable.ADMIN_SHUTDOWN, classify(state), state);
        }
        assertTrue(Retryable.ADMIN_SHUTDOWN.connectionLost());
    }

    @Test
    void everyConnectionExceptionStateIsAConnectionFailure() {
        assertEquals(Retryable.CONNECTION, classify("08006"));
        assertEquals(Retryable.CONNECTION, classify("08001"));
        assertEquals(Retryable.CONNECTION, classify("08000"));
        assertTrue(Retryable.CONNECTION.connectionLost());
    }

    @Test
    void aSessionEndedOnATimeoutOfTheServerIsAConnectionFailure() {
        for (String state : new String[] {"25P03", "25P04", "57P05"}) {
            assertEquals(Retryable.CONNECTION, classify(state), state);
        }
        assertTrue(Retryable.CONNECTION.connectionLost());
    }

    /** Mid-run, a refused login is credentials changing under the process (a rotation) or a full server: waited out, not failed. */
    @Test
    void aRefusedLoginIsAConnectionFailure() {
        for (String state : new String[] {"28P01", "28000", "53300"}) {
            assertEquals(Retryable.CONNECTION, classify(state), state);
        }
        assertEquals(Retryable.NOT_RETRYABLE, classify("42501"), "insufficient_privilege is no login matter");
    }

    @Test
    void anIoFailureWithoutStateIsAConnectionFailure() {
        var e = new PSQLException("An I/O error occurred", null, new SocketException("Connection reset"));
        assertEquals(Retryable.CONNECTION, RetryClassifier.classify(e));
    }

    @Test
    void aFailureWithoutStateOrIoCauseIsNotRetried() {
        assertEquals(Retryable.NOT_RETRYABLE, RetryClassifier.classify(new SQLException("odd")));
        assertEquals(Retryable.NOT_RETRYABLE,
                RetryClassifier.classify(new SQLException("odd", null, new IllegalStateException())));
        assertEquals(Retryable.CONNECTION,
                RetryClassifier.classify(new SQLException("io", null, new IOException("eof"))));
    }

    @Test
    void statementTimeoutOfDdlIsNotRetried() {
        assertEquals(Retryable.NOT_RETRYABLE, classify("57014"));
        assertEquals(Retryable.NOT_RETRYABLE,
                RetryClassifier.classify(new PSQLException("canceling statement due to statement timeout",
                        PSQLState.QUERY_CANCELED)));
    }

    @Test
    void aLostConnectionIsFoundBehindTheExceptionsThatWrapIt() {
        var lost = new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE,
                new java.net.SocketTimeoutException("Read timed out"));
        var catalog = new io.pgshift.error.PgshiftException(io.pgshift.error.ErrorCode.DATABASE,
                "could not read the catalog: " + lost.getMessage(), lost);
        assertEquals(lost, RetryClassifier.lostConnection(new IllegalStateException("while sampling", catalog)).orElseThrow());
        assertEquals(lost, RetryClassifier.lostConnection(lost).orElseThrow());
    }

    @Test
    void aFailureWithoutALostConnectionBehindItIsNotOne() {
        var syntax = new SQLException("syntax error", "42601");
        assertTrue(RetryClassifier.lostConnection(new IllegalStateException("bad", syntax)).isEmpty());
        assertTrue(RetryClassifier.lostConnection(new SQLException("lock", "55P03")).isEmpty(),
                "retryable, but the session is still there");
    }

    @Test
    void unclassifiedStatesAreNotRetried() {
        for (String state : new String[] {"42601", "23505", "42P01", "53100", "XX000"}) {
            assertEquals(Retryable.NOT_RETRYABLE, classify(state), state);
            assertFalse(classify(state).retryable());
        }
    }
}
