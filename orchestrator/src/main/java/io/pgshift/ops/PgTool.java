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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a PostgreSQL client program (pg_dump, pg_restore) against a database. The connection
 * goes through the environment ({@link PgEnvironment}), never the arguments, so the password
 * does not appear in the process list. Programs come from {@code $PGSHIFT_PG_BIN} or the PATH,
 * or from the directory {@link #forServer} chose for a server's major version.
 */
final class PgTool {
    static final String BIN_ENV = "PGSHIFT_PG_BIN";
    /** Where Debian and Ubuntu install each major version's client programs side by side. */
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    private final Duration timeout;
    private final Path binDir;

    PgTool(Duration timeout) {
        this(timeout, binFromEnvironment());
    }

    private PgTool(Duration timeout, Path binDir) {
        this.timeout = timeout;
        this.binDir = binDir;
    }

    /**
     * The programs of a server's major version: {@code $PGSHIFT_PG_BIN} when set, else Debian's
     * {@code /usr/lib/postgresql/MAJOR/bin} when present, else the PATH. Which one answered is
     * checked by {@link #majorVersion}.
     */
    static PgTool forServer(Duration timeout, int serverMajor) {
        Path fromEnv = binFromEnvironment();
        if (fromEnv != null) {
            return new PgTool(timeout, fromEnv);
        }
        Path debian = DEBIAN_VERSIONS.resolve(String.valueOf(serverMajor)).resolve("bin");
        return new PgTool(timeout, Files.isDirectory(debian) ? debian : null);
    }

    /** How long a program may run; what a backup's own connections may wait for a count or a restore too. */
    Duration timeout() {
        return timeout;
    }

    /** The program as it is started: a path in the chosen directory, or a bare name for the PATH. */
    String executable(String program) {
        return binDir == null ? program : binDir.resolve(program).toString();
    }

    /** The major version {@code program --version} reports. */
    int majorVersion(String program, DatabaseUrl url) {
        String out = output(program, url, List.of("--version"));
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            throw new BackupFailedException("cannot tell the version of " + executable(program) + " from '" + out.strip() + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Runs it to completion; a non-zero exit or a timeout becomes a {@link BackupFailedException} quoting its stderr. */
    void run(String program, DatabaseUrl url, List<String> args) {
        Outcome outcome = attempt(program, url, args);
        if (outcome.exitCode() != 0) {
            throw outcome.failure(program);
        }
    }

    /** As {@link #run}, returning what it printed on stdout. */
    String output(String program, DatabaseUrl url, List<String> args) {
        Outcome outcome = attempt(program, url, args);
        if (outcome.exitCode() != 0) {
            throw outcome.failure(program);
        }
        return outcome.stdout();
    }

    /** What a program ended with, whatever its exit code; only a timeout or a failure to start throws. */
    record Outcome(int exitCode, String stdout, String stderr) {
        BackupFailedException failure(String program) {
            return new BackupFailedException(program + " failed (exit " + exitCode + "): "
                    + DatabaseUrl.redact(stderr.isEmpty() ? "no message" : stderr));
        }
    }

    Outcome attempt(String program, DatabaseUrl url, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable(program));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        PgEnvironment.apply(pb.environment(), url);
        try {
            Path stderr = Files.createTempFile("pgshift-" + program, ".err");
            Path stdout = Files.createTempFile("pgshift-" + program, ".out");
            try {
                pb.redirectError(stderr.toFile()).redirectOutput(stdout.toFile());
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new BackupFailedException(program + " did not finish within " + timeout + "; stopped it");
                }
                return new Outcome(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8).strip());
            } finally {
                Files.deleteIfExists(stderr);
                Files.deleteIfExists(stdout);
            }
        } catch (IOException e) {
            throw new BackupFailedException("cannot run " + executable(program) + ": " + e.getMessage()
                    + " (install the PostgreSQL client tools, or set " + BIN_ENV + " to their directory)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupFailedException(program + " interrupted", e);
        }
    }

    private static Path binFromEnvironment() {
        String dir = System.getenv(BIN_ENV);
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }
}
