package io.pgshift.hooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command hook: argv without a shell, with only the environment {@link HookEnvironment}
 * builds (the event in PGSHIFT_* variables), and the event as JSON on stdin. Stdin and the output go through temporary files (owner-only), so a hook that never
 * reads its input or writes a lot cannot block on a pipe past its timeout. On timeout the
 * process and its descendants are killed.
 */
final class CommandHook {
    private CommandHook() {
    }

    static Optional<HookFailure> run(HookConfig hook, HookEvent event, Map<String, String> daemonEnv) throws IOException, InterruptedException {
        Path input = Files.createTempFile("pgshift-hook-in-", ".json");
        Path output = Files.createTempFile("pgshift-hook-out-", ".log");
        try {
            Files.writeString(input, event.json(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(hook.command())
                    .redirectInput(input.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            // cleared, not inherited: the daemon's environment carries the targets' passwords
            builder.environment().clear();
            builder.environment().putAll(HookEnvironment.of(daemonEnv, hook, event));
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return Optional.of(new HookFailure(HookFailure.Reason.ERROR, "cannot start " + hook.command().get(0)
                        + ": " + e.getMessage(), ""));
            }
            if (!process.waitFor(hook.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return Optional.of(new HookFailure(HookFailure.Reason.TIMEOUT,
                        "killed after " + hook.timeout().toMillis() + " ms", read(output)));
            }
            if (process.exitValue() != 0) {
                return Optional.of(new HookFailure(HookFailure.Reason.FAILED, "exit code " + process.exitValue(),
                        read(output)));
            }
            return Optional.empty();
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static String read(Path output) throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8).strip();
    }
}
