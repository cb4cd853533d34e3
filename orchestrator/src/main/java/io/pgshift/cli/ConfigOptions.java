package io.pgshift.cli;

import io.pgshift.daemon.ConfiguredTargets;
import io.pgshift.daemon.DaemonConfigParser;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.ops.TargetRef;
import io.pgshift.ops.TargetResolver;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} (default {@code $PGSHIFT_CONFIG}): the daemon's config, whose targets
 * the operations commands then take by name ({@code --target production}). Without it, targets
 * are {@code NAME=URL} pairs.
 */
final class ConfigOptions {
    static final String ENV = "PGSHIFT_CONFIG";

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:" + ENV + "}",
            description = "the daemon's config: its targets can then be given by name (default: $" + ENV + ")")
    Path config;

    /** Lookup by name when a config is given, pairs only otherwise. */
    TargetResolver resolver() {
        return config == null ? TargetResolver.PAIRS : configured();
    }

    /** Every configured target, in the file's order. */
    List<TargetRef> all(String option) {
        if (config == null) {
            throw new PgshiftException(ErrorCode.USAGE, option + " needs the daemon's config: pass --config FILE or set " + ENV);
        }
        return configured().all();
    }

    private ConfiguredTargets configured() {
        return new ConfiguredTargets(DaemonConfigParser.fromEnvironment().parse(config));
    }
}
