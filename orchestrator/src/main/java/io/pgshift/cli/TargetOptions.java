package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.client.ServerOptions;
import io.pgshift.ops.TargetRef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One target for the operations commands: {@code --target NAME=URL}, {@code --target NAME} with
 * {@code --config FILE} (the daemon's config), or {@code --database-url URL} (falling back to
 * {@code PGSHIFT_DATABASE_URL}); the target is then named after its database.
 */
final class TargetOptions {
    @Option(names = "--target", paramLabel = "NAME[=URL]", description = ServerOptions.TARGET_DESCRIPTION)
    String target;

    @Mixin
    ConfigOptions config;

    @Option(names = "--database-url", paramLabel = "URL", description = DatabaseOptions.DESCRIPTION)
    String url;

    TargetRef resolve() {
        if (target != null && url != null) {
            throw new PgshiftException(ErrorCode.USAGE, "give either --target or --database-url, not both");
        }
        if (target != null) {
            return config.resolver().resolve(target);
        }
        var resolved = DatabaseOptions.resolve(url);
        return new TargetRef(resolved.database(), resolved);
    }
}
