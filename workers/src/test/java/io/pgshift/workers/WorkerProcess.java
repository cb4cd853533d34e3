package io.pgshift.workers;

import io.pgshift.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A worker node in its own JVM, so tests can kill it for real ({@link #kill()} is SIGKILL on Linux). */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(TestDatabase db, String node, int threads) throws IOException {
        Path log = Files.createTempFile("pgshift-" + node + "-", ".log");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(), "--database-url", db.jdbcUrlForChild(), "--threads", Integer.toString(threads),
                "--node", node, "--cluster-checkin-ms", Long.toString(BackfillFixture.CHECKIN.toMillis())));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return new WorkerProcess(pb.start(), log);
    }

    /** kill -9: no shutdown hook, no final commit, the in-flight transaction is rolled back by the server. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM (a service manager stopping it): the shutdown hook runs; returns whether it exited in time. */
    boolean stop(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
    }
}
