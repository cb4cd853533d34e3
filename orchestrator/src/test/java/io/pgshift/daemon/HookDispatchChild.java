package io.pgshift.daemon;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.db.Connections;
import io.pgshift.hooks.HookDispatcher;
import io.pgshift.run.StateSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.Map;

/**
 * A separate JVM whose environment the test chooses (a JVM cannot change its own): reads a daemon
 * config as the daemon does, builds the target's hook dispatcher as {@link TargetNode} does, with
 * this process's real environment, and appends one FAILED row that the hooks listen to.
 *
 * <p>Arguments: the config file, the target's name, the run id to audit.
 */
public final class HookDispatchChild {
    private HookDispatchChild() {
    }

    public static void main(String[] args) throws Exception {
        DaemonConfig config = DaemonConfigParser.fromEnvironment().parse(Path.of(args[0]));
        DaemonConfig.Target target = config.targets().get(args[1]);
        try (HookDispatcher hooks = new HookDispatcher(config.hooks(), target.name(), target.url(),
                new AuditLog(Clock.systemUTC()), new SimpleMeterRegistry());
             Connection c = Connections.open(target.url(), "pgshift-test")) {
            StateSchema.migrate(c);
            new AuditLog(Clock.systemUTC(), hooks).append(c, new AuditEntry("node-1", AuditAction.FAILED,
                    Long.parseLong(args[2]), Map.of("error", "boom")));
        }
    }
}
