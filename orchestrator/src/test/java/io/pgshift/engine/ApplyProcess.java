package io.pgshift.engine;

import io.pgshift.cli.Main;
import io.pgshift.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code pgshift apply} (or another command) in its own JVM, so a test can kill it for real ({@link #kill()} is SIGKILL on Linux). */
final class ApplyProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ApplyProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code more}: further options of {@code apply} ({@code --state-database-url URL}). */
    static ApplyProcess start(TestDatabase db, Path playbook, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("apply", playbook.toString()));
        args.addAll(List.of(more));
        return command(db, args);
    }

    /** Any pgshift command ({@code args}, e.g. rollback 3) on {@code db}, in its own JVM. */
    static ApplyProcess command(TestDatabase db, List<String> args) throws IOException {
        Path log = Files.createTempFile("pgshift-" + args.get(0) + "-", ".log");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        command.addAll(List.of("--database-url", db.jdbcUrlForChild(), "--actor", "engine-test-child"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return new ApplyProcess(pb.start(), log);
    }

    /** kill -9: no shutdown hook (so no pause on the way out), the in-flight transactions die with the connections. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The exit code, or fails when the process is still running after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException, IOException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("pgshift apply still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
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
