package io.pgshift.api;

import io.pgshift.daemon.DaemonConfigParser;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.daemon.boot.DaemonExtensions;
import java.time.Clock;
import java.util.Map;

/** What the daemon's end-to-end tests share: a daemon in this JVM, and a playbook with a backfill. */
public final class TestDaemons {
    private TestDaemons() {
    }

    /** Starts a daemon on {@code config} (YAML; {@code listen: 127.0.0.1:0} gives an ephemeral port). */
    public static Daemon start(String config) throws Exception {
        return Daemon.start(new DaemonConfigParser(Map.of(), "unused").parse("daemon.yaml", config),
                DaemonExtensions.none(), Clock.systemUTC());
    }

    /**
     * The config of a daemon serving {@code staging} and {@code production} (in that order) on an
     * ephemeral port, one partition and two threads, with {@code tokens}: the lines of its
     * {@code tokens:} list, each starting with {@code "  - "}.
     */
    public static String twoTargets(String node, String stagingUrl, String productionUrl, String tokens) {
        return """
                listen: 127.0.0.1:0
                node: %s
                partitions: 1
                threads: 2
                targets:
                  staging:
                    url: %s
                  production:
                    url: %s
                tokens:
                """.formatted(node, stagingUrl, productionUrl) + tokens;
    }

    /** Adds {@code doubled}, backfills it with {@code n * 2} in batches of {@code batch}, then makes it NOT NULL. */
    public static String doublingPlaybook(String name, String table, String batch) {
        return """
                name: %s
                expand:
                  - add_column: {table: %s, column: doubled, type: bigint}
                backfill:
                  - table: %s
                    set: {doubled: "n * 2"}
                    keep_in_sync: true
                    batch: %s
                contract:
                  - set_not_null: {table: %s, column: doubled}
                """.formatted(name, table, table, batch, table);
    }
}
