package io.pgshift.daemon;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Daemons as real JVMs for the tests that stop, kill or freeze them: each has its config and log
 * in {@code dir}, one target ({@code staging}) and one operator token. Closing kills what is left.
 */
final class DaemonProcesses implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Path dir;
    private final String token;
    private final List<Process> started = new ArrayList<>();

    DaemonProcesses(Path dir, String token) {
        this.dir = dir;
        this.token = token;
    }

    /** Starts daemon {@code node} on {@code db}; {@code extraConfig} is appended to its config file. */
    Process start(TestDatabase db, String node, String extraConfig) throws IOException {
        return start(db.jdbcUrlForChild(), node, extraConfig);
    }

    /** Starts daemon {@code node} on the database at {@code jdbcUrl} (through a proxy, say). */
    Process start(String jdbcUrl, String node, String extraConfig) throws IOException {
        return start(jdbcUrl, "", node, extraConfig);
    }

    /** {@code targetKeys}: more keys of the target's mapping, e.g. {@code , password_file: "/run/pw"}. */
    Process start(String jdbcUrl, String targetKeys, String node, String extraConfig) throws IOException {
        Path config = dir.resolve(node + ".yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                node: %s
                partitions: 2
                threads: 4
                targets:
                  staging: {url: "%s"%s}
                tokens:
                  - {name: ops, sha256: %s, roles: [viewer, operator]}
                """.formatted(node, jdbcUrl, targetKeys, ApiClient.sha256(token)) + extraConfig);
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.pgshift.cli.Main", "daemon", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve(node + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    Process start(TestDatabase db, String node) throws IOException {
        return start(db, node, "");
    }

    /** The API of a started daemon, once it listens. */
    ApiClient api(Process daemon, String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(log(node));
            if (m.find()) {
                return new ApiClient(m.group(1));
            }
            if (!daemon.isAlive()) {
                throw new AssertionError(node + " exited " + daemon.exitValue() + ":\n" + log(node));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(node + " did not start:\n" + log(node));
    }

    String log(String node) throws IOException {
        Path log = dir.resolve(node + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Sends {@code signal} (STOP, CONT) to a daemon: SIGSTOP freezes the whole JVM, as a long GC pause would. */
    static void signal(Process daemon, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(daemon.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + daemon.pid() + " failed");
        }
    }

    static long scanned(TestDatabase db) {
        try {
            return db.queryLong("SELECT coalesce(sum(rows_scanned), 0) FROM pgshift.backfill_partition");
        } catch (IllegalStateException notYet) {
            return 0;
        }
    }

    static void waitFor(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL ends a frozen (SIGSTOPped) JVM too
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
