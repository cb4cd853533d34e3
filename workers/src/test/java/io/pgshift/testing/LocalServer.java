package io.pgshift.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Restarts the tests' PostgreSQL server for real (fault tests). It needs a local cluster managed
 * by pg_ctlcluster, as on CI and the development machines, and fails saying so elsewhere.
 */
public final class LocalServer {
    private LocalServer() {
    }

    /** {@code pg_ctlcluster VERSION main restart -m fast}, then waits until the server accepts connections. */
    public static void restart() throws Exception {
        restart("fast");
    }

    /**
     * A server crash: {@code restart -m immediate}, no shutdown checkpoint, and WAL still in the
     * server's buffers (asynchronous commits not yet written) is gone; the start replays the rest.
     */
    public static void crash() throws Exception {
        restart("immediate");
    }

    private static void restart(String mode) throws Exception {
        Path etc = Path.of("/etc/postgresql");
        if (!Files.isDirectory(etc)) {
            throw new AssertionError("this test restarts the local PostgreSQL server with pg_ctlcluster;"
                    + " no /etc/postgresql here: run it where the test server is a local cluster");
        }
        String version;
        try (var versions = Files.list(etc)) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Process restart = new ProcessBuilder(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main",
                "restart", "-m", mode)).redirectErrorStream(true).start();
        String output = new String(restart.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!restart.waitFor(60, TimeUnit.SECONDS) || restart.exitValue() != 0) {
            throw new AssertionError("restart failed: " + output);
        }
        for (int i = 0; i < 60; i++) {
            Process ready = new ProcessBuilder("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q").start();
            if (ready.waitFor(5, TimeUnit.SECONDS) && ready.exitValue() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("PostgreSQL did not come back after the restart");
    }
}
