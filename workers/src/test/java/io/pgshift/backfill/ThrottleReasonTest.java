package io.pgshift.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ThrottleReasonTest {
    @Test
    void eachKindSaysItselfFromTheMeasuredValueAndTheLimit() {
        assertEquals("replication lag 1200 ms > 1000 ms", ThrottleReason.REPLICATION_LAG.words(1200, 1000));
        assertEquals("7 sessions waiting for a lock on the table > 5", ThrottleReason.LOCK_WAITERS.words(7, 5));
    }

    @Test
    void theKindNamesAreTheOnesTheMigrationAllows() {
        // V004's CHECK lists these names: a new kind needs a migration widening it
        assertEquals(Set.of("REPLICATION_LAG", "LOCK_WAITERS"),
                Set.of(ThrottleReason.values()).stream().map(Enum::name).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aReasonNotTheThrottlesHasNoKindsAndAlwaysWords() {
        assertEquals(Set.of(), PauseReason.of("paused by an operator").throttle());
        assertThrows(NullPointerException.class, () -> PauseReason.of(null));
    }
}
