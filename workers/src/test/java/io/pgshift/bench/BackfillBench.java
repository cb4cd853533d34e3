package io.pgshift.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.backfill.BackfillSpec;
import io.pgshift.backfill.BackfillStatus;
import io.pgshift.backfill.BackfillTarget;
import io.pgshift.backfill.BatchSettings;
import io.pgshift.backfill.KeyColumn;
import io.pgshift.backfill.WorkerSettings;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.quartz.QuartzConfig;
import io.pgshift.workers.BackfillService;
import io.pgshift.workers.NodeSpec;
import io.pgshift.workers.WorkerNode;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One pgshift backfill of {@code bench} (w = v * 2), timed; used by scripts/bench-backfill.
 * Usage: BackfillBench URL unthrottled|default|custom:size,target,min,max,pause PARTITIONS. Prints one line:
 * {@code rows seconds rows_per_s start_epoch_ms end_epoch_ms}.
 */
public final class BackfillBench {
    private BackfillBench() {
    }

    private static BatchSettings custom(String mode) {
        if (!mode.startsWith("custom:")) {
            throw new IllegalArgumentException("mode must be unthrottled, default or custom:size,target,min,max,pause");
        }
        String[] v = mode.substring("custom:".length()).split(",");
        return new BatchSettings(Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2]),
                Integer.parseInt(v[3]), Integer.parseInt(v[4]));
    }

    public static void main(String[] args) throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(args[0]);
        String mode = args[1];
        int partitions = Integer.parseInt(args[2]);
        BatchSettings batch = switch (mode) {
            // no pace, big batches: as fast as the machine allows
            case "unthrottled" -> new BatchSettings(10_000, 1_000, 1_000, 100_000, 0);
            case "default" -> BatchSettings.DEFAULTS;
            // custom:size,targetMs,minSize,maxSize,pauseMs, to explore settings
            default -> custom(mode);
        };
        BackfillSpec spec = BackfillSpec.of("bench-" + mode, new BackfillTarget("\"public\".\"bench\"",
                List.of(new KeyColumn("id", "bigint")), Map.of("w", "v * 2"), null), "public.bench").withBatch(batch);
        Clock clock = Clock.systemUTC();
        BackfillService service = new BackfillService(url, clock);
        try (WorkerNode node = WorkerNode.start(NodeSpec.of(url, QuartzConfig.defaults("bench", partitions),
                WorkerSettings.defaults("bench"), clock, new SimpleMeterRegistry()))) {
            long id;
            try (Connection c = Connections.open(url)) {
                id = service.create(c, spec, partitions, null, null);
            }
            long start = System.currentTimeMillis();
            service.schedule(node.scheduler(), id);
            BackfillStatus status = service.awaitFinished(id, Duration.ofHours(2), Duration.ofMillis(50));
            long end = System.currentTimeMillis();
            double seconds = (end - start) / 1000.0;
            System.out.printf("%d %.2f %.0f %d %d %s%n", status.rowsWritten(), seconds, status.rowsWritten() / seconds,
                    start, end, status.state());
        }
    }
}
