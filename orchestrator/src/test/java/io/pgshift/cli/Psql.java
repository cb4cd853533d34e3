package io.pgshift.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a SQL file with the real psql client, as an operator would run a plan script. */
public final class Psql {
    private Psql() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result runFile(String libpqUri, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-X", "-v", "ON_ERROR_STOP=1", "-d", libpqUri, "-f", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("psql did not finish in 120 s:\n" + output);
        }
        return new Result(p.exitValue(), output);
    }

    /** Pipes {@code script} into {@code psql -X -d uri} with {@code options}, as {@code cat plan.sql | psql ...} would. */
    public static Result pipe(String libpqUri, String script, String... options) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("psql", "-X", "-d", libpqUri));
        command.addAll(java.util.List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("psql did not finish in 120 s:\n" + output);
        }
        return new Result(p.exitValue(), output);
    }
}
