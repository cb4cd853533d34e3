package io.pgshift.ops;

import io.pgshift.db.DatabaseUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a PostgreSQL client program (pg_dump, pg_restore) against a database. The connection
 * goes through the environment ({@link PgEnvironment}), never the arguments, so the password
 * does not appear in the process list. Programs come from {@code $PGSHIFT_PG_BIN} or the PATH.
 */
final class PgTool {
    static final String BIN_ENV = "PGSHIFT_PG_BIN";

    private final Duration timeout;

    PgTool(Duration timeout) {
        this.timeout = timeout;
    }

    /** How long a program may run; what a backup's own connections may wait for a count or a restore too. */
    Duration timeout() {
        return timeout;
    }

    /** Runs it to completion; a non-zero exit or a timeout becomes a {@link BackupFailedException} quoting its stderr. */
    void run(String program, DatabaseUrl url, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable(program));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        PgEnvironment.apply(pb.environment(), url);
        try {
            Path stderr = Files.createTempFile("pgshift-" + program, ".err");
            try {
                pb.redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new BackupFailedException(program + " did not finish within " + timeout + "; stopped it");
                }
                if (p.exitValue() != 0) {
                    String err = Files.readString(stderr, StandardCharsets.UTF_8).strip();
                    throw new BackupFailedException(program + " failed (exit " + p.exitValue() + "): "
                            + DatabaseUrl.redact(err.isEmpty() ? "no message" : err));
                }
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new BackupFailedException("cannot run " + program + ": " + e.getMessage()
                    + " (install the PostgreSQL client tools, or set " + BIN_ENV + " to their directory)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupFailedException(program + " interrupted", e);
        }
    }

    private static String executable(String program) {
        String dir = System.getenv(BIN_ENV);
        return dir == null || dir.isBlank() ? program : Path.of(dir, program).toString();
    }
}
