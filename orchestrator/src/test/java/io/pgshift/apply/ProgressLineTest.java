package io.pgshift.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void showsBarRowsRateEtaAndWhyItWaits() {
        var line = ProgressLine.render(new ProgressSnapshot("BACKFILLING", "backfill", "backfill users", 450_000, 1_000_000,
                12_300, Duration.ofSeconds(44), "lock waiters on users: 5 > 3"));
        assertEquals("BACKFILLING  [###########-------------]  45% 450,000/1,000,000 rows  12,300 rows/s  ETA 44s"
                + "  backfill users  (waiting: lock waiters on users: 5 > 3)", line);
    }

    @Test
    void omitsWhatIsUnknown() {
        assertEquals("EXPANDING     create index users_x_idx on users (x)", ProgressLine.render(
                new ProgressSnapshot("EXPANDING", "expand", "create index users_x_idx on users (x)", 0, 0, 0, null, null)));
    }
}
