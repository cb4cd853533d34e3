package io.pgshift.workers;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.backfill.WorkerSettings;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.quartz.QuartzConfig;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a worker node until killed: {@code WorkerMain --database-url URL [--threads N]
 * [--node NAME] [--cluster-checkin-ms MS]}. The database URL may also come from
 * {@code PGSHIFT_DATABASE_URL}. SIGTERM stops at batch boundaries; SIGKILL loses at most the
 * batches in flight.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("PGSHIFT_DATABASE_URL");
        int threads = 4;
        String node = defaultNodeName();
        long checkinMs = 5_000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--database-url" -> url = value;
                case "--threads" -> threads = Integer.parseInt(value);
                case "--node" -> node = value;
                case "--cluster-checkin-ms" -> checkinMs = Long.parseLong(value);
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        if (url == null) {
            usage("--database-url is required");
        }
        QuartzConfig quartz = new QuartzConfig(node, threads, Duration.ofMillis(checkinMs), Duration.ofSeconds(60));
        WorkerNode worker = WorkerNode.start(NodeSpec.of(DatabaseUrl.parse(url), quartz, WorkerSettings.defaults(node),
                Clock.systemUTC(), new SimpleMeterRegistry()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                worker.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "pgshift-shutdown"));
        System.out.println("pgshift worker " + node + " ready");
        stopped.await();
    }

    private static String defaultNodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    private static void usage(String problem) {
        System.err.println("pgshift worker: " + problem);
        System.err.println("usage: WorkerMain --database-url URL [--threads N] [--node NAME] [--cluster-checkin-ms MS]");
        System.exit(2);
    }
}
