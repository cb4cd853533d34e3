package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.ops.TargetRef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One target for the operations commands: {@code --target NAME=URL}, {@code --target NAME} with
 * {@code --config FILE} (the daemon's config), or {@code --database-url URL} (falling back to
 * {@code PGSHIFT_DATABASE_URL}); the target is then named after its database.
 */
final class TargetOptions {
    @Option(names = "--target", paramLabel = "NAME[=URL]",
            description = "the target: a name from --config, or NAME=URL (e.g. staging=jdbc:postgresql://host/app?user=u)")
    String target;

    @Mixin
    ConfigOptions config;

    @Option(names = "--database-url", paramLabel = "URL", description = "the target's address (default: $" + DatabaseOptions.ENV + ")")
    String url;

    TargetRef resolve() {
        if (target != null && url != null) {
            throw new PgshiftException(ErrorCode.USAGE, "give either --target or --database-url, not both");
        }
        if (target != null) {
            return config.resolver().resolve(target);
        }
        DatabaseOptions database = new DatabaseOptions();
        database.url = url;
        var resolved = database.resolve();
        return new TargetRef(resolved.database(), resolved);
    }
}
