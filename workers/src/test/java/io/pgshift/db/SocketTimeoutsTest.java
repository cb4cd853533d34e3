package io.pgshift.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The socket timeout always outlasts the statement's own, by a bounded margin. */
class SocketTimeoutsTest {
    @Test
    void aShortStatementGetsAtLeastASecondMore() {
        assertEquals(Duration.ofMillis(1200), SocketTimeouts.outlasting(Duration.ofMillis(200)));
        assertEquals(Duration.ofSeconds(2), SocketTimeouts.outlasting(Duration.ofSeconds(1)));
    }

    @Test
    void theMarginIsHalfTheStatementTimeoutInBetween() {
        assertEquals(Duration.ofSeconds(3), SocketTimeouts.outlasting(Duration.ofSeconds(2)));
        assertEquals(Duration.ofSeconds(45), SocketTimeouts.outlasting(Duration.ofSeconds(30)));
    }

    @Test
    void aLongScanWaitsAtMostHalfAMinuteMore() {
        assertEquals(Duration.ofHours(6).plusSeconds(30), SocketTimeouts.outlasting(Duration.ofHours(6)));
    }

    @Test
    void aStatementWithoutALimitGetsNoSocketTimeoutEither() {
        assertEquals(Duration.ZERO, SocketTimeouts.outlasting(Duration.ZERO), "scan_statement_timeout: 0");
        assertThrows(IllegalArgumentException.class, () -> SocketTimeouts.outlasting(Duration.ofSeconds(-1)));
    }
}
