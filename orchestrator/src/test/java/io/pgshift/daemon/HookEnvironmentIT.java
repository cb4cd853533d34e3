package io.pgshift.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.api.ApiClient;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command hook sees only PATH, HOME, LANG, the event's PGSHIFT_* variables and what its
 * {@code env:} lists: the daemon's passwords stay in the daemon. The daemon side runs in a child
 * JVM whose environment holds a target password, as a systemd EnvironmentFile would put it there.
 */
@ExtendWith(PgDatabaseExtension.class)
class HookEnvironmentIT {
    @Test
    void aCommandHookDoesNotReceiveTheDaemonsPasswordsOnlyItsAllowlist(TestDatabase db, @TempDir Path dir) throws Exception {
        Path dump = dir.resolve("hook-env.txt");
        Path script = Files.writeString(dir.resolve("hook.sh"), "#!/bin/sh\nenv > \"$1\"\n");
        script.toFile().setExecutable(true);
        Path config = Files.writeString(dir.resolve("daemon.yaml"), """
                targets:
                  staging: {url: "%s"}
                tokens:
                  - {name: ops, sha256: %s, roles: [viewer]}
                hooks:
                  - {name: pager, events: [failed], command: ["%s", "%s"], env: [PAGER_ROUTING_KEY]}
                """.formatted(db.jdbcUrlForChild(), ApiClient.sha256("t"), script, dump));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder child = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                HookDispatchChild.class.getName(), config.toString(), "staging", "9101"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        child.environment().putAll(Map.of("STAGING_PGPASSWORD", "s3cret-staging", "PGPASSWORD", "s3cret-libpq",
                "PAGER_ROUTING_KEY", "routing-42", "LANG", "C.UTF-8"));
        Process p = child.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child.log")));

        String env = Files.readString(dump);
        assertFalse(env.contains("s3cret"), env);
        assertFalse(env.contains("PGPASSWORD"), env);
        assertTrue(env.contains("PAGER_ROUTING_KEY=routing-42"), env);
        assertTrue(env.contains("PGSHIFT_EVENT=FAILED"), env);
        assertTrue(env.contains("PGSHIFT_RUN_ID=9101"), env);
        assertTrue(env.contains("LANG=C.UTF-8"), env);
        List<String> names = env.lines().map(l -> l.substring(0, l.indexOf('='))).filter(n -> !n.startsWith("PGSHIFT_"))
                .sorted().toList();
        // sh itself adds PWD (and may add SHLVL, _); nothing else of the daemon's environment
        assertEquals(List.of(), names.stream().filter(n -> !List.of("PATH", "HOME", "LANG", "PAGER_ROUTING_KEY", "PWD",
                "SHLVL", "_", "OLDPWD").contains(n)).toList(), env);
    }
}
