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
    void showsAnIndexBuildsScanAsABar() {
        var build = new IndexBuild("users_x_idx", "building index: scanning table", 1_234, 2_741, 0, 0, 0, 0, null, false);
        assertEquals("EXPANDING    [###########-------------] building index: scanning table 45% (1,234 of 2,741 blocks)"
                + "  create index users_x_idx on users (x)", ProgressLine.render(new ProgressSnapshot("EXPANDING", "expand",
                "create index users_x_idx on users (x)", 0, 0, 0, null, null, build)));
        var sorting = new IndexBuild("users_x_idx", "building index: loading tuples in tree", 0, 0, 500, 2_000, 0, 0,
                null, false);
        assertEquals("building index: loading tuples in tree 25% (500 of 2,000 tuples)", sorting.describe());
    }

    @Test
    void saysWhichTransactionAWaitingIndexBuildWaitsFor() {
        var build = new IndexBuild("users_x_idx", "waiting for old snapshots", 2_741, 2_741, 0, 0, 0, 1,
                new IndexBuild.Locker(4242, "psql", "idle in transaction", Duration.ofSeconds(12)), false);
        assertEquals("CONTRACTING   add unique users_x_key on users (x)  (index build waiting for old snapshots"
                + " (0 of 1 transactions): pid 4242 (psql, idle in transaction, transaction open 12s))",
                ProgressLine.render(new ProgressSnapshot("CONTRACTING", "contract", "add unique users_x_key on users (x)",
                        0, 0, 0, null, null, build)));
        assertEquals("EXPANDING    building an index (its progress is shown only to pgshift's role and members of"
                + " pg_read_all_stats)  create index i", ProgressLine.render(new ProgressSnapshot("EXPANDING", "expand",
                "create index i", 0, 0, 0, null, null, IndexBuild.hiddenBuild())));
    }

    @Test
    void omitsWhatIsUnknown() {
        assertEquals("EXPANDING     create index users_x_idx on users (x)", ProgressLine.render(
                new ProgressSnapshot("EXPANDING", "expand", "create index users_x_idx on users (x)", 0, 0, 0, null, null)));
    }
}
