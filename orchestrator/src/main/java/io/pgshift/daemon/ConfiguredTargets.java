package io.pgshift.daemon;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.ops.TargetRef;
import io.pgshift.ops.TargetResolver;
import java.util.List;

/**
 * The daemon config's targets as the operations commands name them: {@code --target production}
 * is the configured {@code production} (credentials from password_env/password_file included,
 * never printed). {@code NAME=URL} pairs and plain URLs still work, for a database the file
 * does not list.
 */
public final class ConfiguredTargets implements TargetResolver {
    private final DaemonConfig config;

    public ConfiguredTargets(DaemonConfig config) {
        this.config = config;
    }

    @Override
    public TargetRef resolve(String nameOrPair) {
        String text = nameOrPair == null ? "" : nameOrPair.trim();
        DaemonConfig.Target target = config.targets().get(text);
        if (target != null) {
            return ref(target);
        }
        if (text.contains("=") || text.contains("://")) {
            return TargetResolver.PAIRS.resolve(text);
        }
        throw new PgshiftException(ErrorCode.USAGE, "unknown target '" + text + "'; the config names: "
                + String.join(", ", config.targets().keySet()) + " (or give NAME=URL)");
    }

    /** Every configured target, in the file's order (promotion order: staging before production). */
    public List<TargetRef> all() {
        return config.targets().values().stream().map(ConfiguredTargets::ref).toList();
    }

    static TargetRef ref(DaemonConfig.Target target) {
        return new TargetRef(target.name(), target.url());
    }
}
